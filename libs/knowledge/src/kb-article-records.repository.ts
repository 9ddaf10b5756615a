import { Queryable, sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { ticketScopeSql } from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface RevisionRow {
  revision: number;
  title: string;
  changedById: string;
  changedByName: string;
  createdAt: Date;
}

export interface RevisionContentRow {
  title: string;
  body: string;
}

export interface LinkedTicketRow {
  id: string;
  number: string;
  title: string;
}

/**
 * What gathers around an article: its revisions, helpful votes, deflections and links with tickets.
 * The article's own counters are kept by `KbArticleRepository`.
 */
@Injectable()
export class KbArticleRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get db(): Queryable {
    return this.dataSource;
  }

  async addRevision(
    em: EntityManager,
    articleId: string,
    revision: number,
    title: string,
    body: string,
    userId: string,
    now: Date,
  ): Promise<void> {
    await sqlExecute(
      em,
      `INSERT INTO kb_article_revision (article_id, revision, title, body, changed_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [articleId, revision, title, body, userId, now],
    );
  }

  revisions(articleId: string): Promise<RevisionRow[]> {
    return sqlRows<RevisionRow>(
      this.db,
      `SELECT r.revision, r.title, r.changed_by_id AS "changedById", u.name AS "changedByName", r.created_at AS "createdAt"
         FROM kb_article_revision r JOIN app_user u ON u.id = r.changed_by_id
        WHERE r.article_id = $1 ORDER BY r.revision DESC`,
      [articleId],
    );
  }

  revision(articleId: string, revision: number): Promise<RevisionContentRow | null> {
    return sqlRow<RevisionContentRow>(
      this.db,
      `SELECT title, body FROM kb_article_revision WHERE article_id = $1 AND revision = $2`,
      [articleId, revision],
    );
  }

  /** One vote per user: false when the user had voted already. */
  async addVote(
    em: EntityManager,
    articleId: string,
    userId: string,
    helpful: boolean,
    now: Date,
  ): Promise<boolean> {
    const added = await sqlExecute(
      em,
      `INSERT INTO kb_article_vote (article_id, user_id, helpful, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [articleId, userId, helpful, now],
    );
    return added === 1;
  }

  async myVote(articleId: string, userId: string): Promise<boolean | null> {
    const row = await sqlRow<{ helpful: boolean }>(
      this.db,
      `SELECT helpful FROM kb_article_vote WHERE article_id = $1 AND user_id = $2`,
      [articleId, userId],
    );
    return row?.helpful ?? null;
  }

  async addDeflection(
    em: EntityManager,
    articleId: string,
    actor: Actor,
    ticketTitle: string | null,
    now: Date,
  ): Promise<void> {
    await sqlExecute(
      em,
      `INSERT INTO kb_deflection (article_id, user_id, unit_id, ticket_title, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [articleId, actor.id, actor.unitId, ticketTitle, now],
    );
  }

  async link(
    em: EntityManager,
    articleId: string,
    ticketId: string,
    userId: string,
    now: Date,
  ): Promise<void> {
    await sqlExecute(
      em,
      `INSERT INTO kb_ticket_link (article_id, ticket_id, created_by_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [articleId, ticketId, userId, now],
    );
  }

  /** Tickets linked to the article that the actor may see. */
  linkedTickets(actor: Actor, articleId: string): Promise<LinkedTicketRow[]> {
    const params: unknown[] = [articleId];
    const scope = ticketScopeSql(actor, params);
    return sqlRows<LinkedTicketRow>(
      this.db,
      `SELECT t.id, t.number, t.title FROM kb_ticket_link l JOIN ticket t ON t.id = l.ticket_id
        WHERE l.article_id = $1 AND ${scope} ORDER BY t.created_at DESC LIMIT 50`,
      params,
    );
  }
}
