import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What TypeORM cannot generate: per-year ticket number sequences, the append-only guard on the audit
 * table, a NOTIFY so the outbox relay wakes at once, and the single-row region.
 */
export class TicketNumbersAuditAndOutboxSignals1795333274238 implements MigrationInterface {
  name = 'TicketNumbersAuditAndOutboxSignals1795333274238';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A sequence per year: no row lock serialises concurrent creates (a counter row would), and a
    // number is never handed out twice. A rolled-back create leaves a gap, as any sequence does.
    await queryRunner.query(`
      CREATE FUNCTION next_ticket_number(year int) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE seq text := format('ticket_number_%s', year);
      BEGIN
        RETURN nextval(seq);
      EXCEPTION WHEN undefined_table THEN
        BEGIN
          EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
        EXCEPTION WHEN unique_violation OR duplicate_table THEN
          NULL; -- another transaction created it first
        END;
        RETURN nextval(seq);
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ticket_event is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON ticket_event
      FOR EACH STATEMENT EXECUTE FUNCTION ticket_event_append_only()`);
    await queryRunner.query(`
      CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_event', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify()`);
    await queryRunner.query(`ALTER TABLE region ADD CONSTRAINT region_single_row CHECK (id = 1)`);
    await queryRunner.query(
      `ALTER TABLE ticket ADD CONSTRAINT ticket_impact_range CHECK (impact BETWEEN 1 AND 3)`,
    );
    await queryRunner.query(
      `ALTER TABLE ticket ADD CONSTRAINT ticket_urgency_range CHECK (urgency BETWEEN 1 AND 3)`,
    );
    await queryRunner.query(
      `ALTER TABLE ticket ADD CONSTRAINT ticket_rating_range CHECK (rating_score BETWEEN 1 AND 5)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ticket DROP CONSTRAINT ticket_rating_range`);
    await queryRunner.query(`ALTER TABLE ticket DROP CONSTRAINT ticket_urgency_range`);
    await queryRunner.query(`ALTER TABLE ticket DROP CONSTRAINT ticket_impact_range`);
    await queryRunner.query(`ALTER TABLE region DROP CONSTRAINT region_single_row`);
    await queryRunner.query(`DROP TRIGGER outbox_event_notify ON outbox_event`);
    await queryRunner.query(`DROP FUNCTION outbox_event_notify()`);
    await queryRunner.query(`DROP TRIGGER ticket_event_append_only ON ticket_event`);
    await queryRunner.query(`DROP FUNCTION ticket_event_append_only()`);
    await queryRunner.query(`DROP FUNCTION next_ticket_number(int)`);
  }
}
