import { toSearchText } from '@desk/text-search';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text ticket search, kept apart from the ticket table so the queue views stay as fast as they
 * were: one row per ticket with two stemmed documents (what a requester may read: number, title,
 * description and public comments; and what agents may read: internal notes too), each behind a GIN
 * index. The app writes them (the Indonesian stemmer runs in Node); this migration fills them for
 * the tickets that exist. Agents' saved filters ("overviews") live in `ticket_overview`.
 */
export class TicketSearch1796510000000 implements MigrationInterface {
  name = 'TicketSearch1796510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "ticket_search" (
        "ticket_id" UUID PRIMARY KEY REFERENCES "ticket"("id") ON DELETE CASCADE,
        "public_doc" TSVECTOR NOT NULL,
        "agent_doc" TSVECTOR NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "ticket_search_public_idx" ON "ticket_search" USING GIN ("public_doc")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ticket_search_agent_idx" ON "ticket_search" USING GIN ("agent_doc")`,
    );
    await queryRunner.query(`
      CREATE TABLE "ticket_overview" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "owner_id" UUID NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
        "name" VARCHAR(80) NOT NULL,
        "query" JSONB NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "ticket_overview_name_unique" UNIQUE ("owner_id", "name")
      )`);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; pub: string; internal: string }[] = await queryRunner.query(
        `SELECT t.id, concat_ws(' ', t.number, t.title, t.description,
                  (SELECT string_agg(c.body, ' ') FROM ticket_comment c WHERE c.ticket_id = t.id AND NOT c.internal)) AS pub,
                coalesce((SELECT string_agg(c.body, ' ') FROM ticket_comment c WHERE c.ticket_id = t.id AND c.internal), '') AS internal
           FROM ticket t WHERE t.id > $1 ORDER BY t.id LIMIT 1000`,
        [after],
      );
      if (!rows.length) break;
      for (const r of rows) {
        const pub = toSearchText(r.pub);
        await queryRunner.query(
          `INSERT INTO ticket_search (ticket_id, public_doc, agent_doc)
           VALUES ($1, to_tsvector('simple', $2), to_tsvector('simple', $2 || ' ' || $3))`,
          [r.id, pub, toSearchText(r.internal)],
        );
      }
      after = rows[rows.length - 1].id;
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "ticket_overview"`);
    await queryRunner.query(`DROP TABLE "ticket_search"`);
  }
}
