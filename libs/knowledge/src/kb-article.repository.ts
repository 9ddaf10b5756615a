import { Queryable, sqlExecute, sqlRow, sqlRows } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { articleScopeSql } from './article-access';
import { ArticleKind, ArticleStatus, ArticleVisibility } from './entities/kb-article.entity';

/** An article row as the views need it (joined names included). */
export interface ArticleRow {
  id: string;
  title: string;
  body: string;
  bodyHtml: string;
  kind: ArticleKind;
  symptom: string | null;
  cause: string | null;
  workaround: string | null;
  categoryId: string | null;
  categoryName: string | null;
  tags: string[];
  visibility: ArticleVisibility;
  status: ArticleStatus;
  authorId: string;
  authorName: string;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewBy: string | null;
  sourceTicketId: string | null;
  viewCount: number;
  helpfulCount: number;
  notHelpfulCount: number;
  deflectionCount: number;
  version: number;
  publishedAt: Date | null;
  updatedAt: Date;
  createdAt: Date;
}

/** What a write stores; the search columns come from `SearchColumns`. */
export interface ArticleWrite {
  title: string;
  body: string;
  bodyHtml: string;
  bodyText: string;
  kind: ArticleKind;
  symptom: string | null;
  cause: string | null;
  workaround: string | null;
  categoryId: string | null;
  tags: string[];
  visibility: ArticleVisibility;
  reviewBy: string | null;
  /** Stems (see @desk/text-search) of the title, the body and the rest (tags, known-error fields). */
  titleStems: string;
  bodyStems: string;
  extraStems: string;
  titleSearch: string;
}

export interface ArticleFilter {
  status?: ArticleStatus;
  visibility?: ArticleVisibility;
  categoryId?: string;
  kind?: ArticleKind;
  tag?: string;
  authorId?: string;
  reviewDueBefore?: string;
  limit: number;
  offset: number;
}

const ROW = `
  a.id, a.title, a.body, a.body_html AS "bodyHtml", a.kind, a.symptom, a.cause, a.workaround,
  a.category_id AS "categoryId", c.name AS "categoryName", a.tags, a.visibility, a.status,
  a.author_id AS "authorId", au.name AS "authorName", a.reviewer_id AS "reviewerId", rv.name AS "reviewerName",
  a.review_by::text AS "reviewBy", a.source_ticket_id AS "sourceTicketId", a.view_count AS "viewCount",
  a.helpful_count AS "helpfulCount", a.not_helpful_count AS "notHelpfulCount",
  a.deflection_count AS "deflectionCount", a.version, a.published_at AS "publishedAt",
  a.updated_at AS "updatedAt", a.created_at AS "createdAt"`;
const FROM = `
  FROM kb_article a
  JOIN app_user au ON au.id = a.author_id
  LEFT JOIN app_user rv ON rv.id = a.reviewer_id
  LEFT JOIN category c ON c.id = a.category_id`;
/** Title A, body B, tags and known-error fields C (ts_rank weights D, C, B, A below). */
const VECTOR = (t: number, b: number, x: number) =>
  `setweight(to_tsvector('simple', $${t}), 'A') || setweight(to_tsvector('simple', $${b}), 'B') || setweight(to_tsvector('simple', $${x}), 'C')`;

/** The article columns a write sets, in the order of `writeValues`. */
const WRITE_COLUMNS = [
  'title',
  'body',
  'body_html',
  'body_text',
  'kind',
  'symptom',
  'cause',
  'workaround',
  'category_id',
  'tags',
  'visibility',
  'review_by',
  'title_search',
] as const;

function writeValues(w: ArticleWrite): unknown[] {
  return [
    w.title,
    w.body,
    w.bodyHtml,
    w.bodyText,
    w.kind,
    w.symptom,
    w.cause,
    w.workaround,
    w.categoryId,
    w.tags,
    w.visibility,
    w.reviewBy,
    w.titleSearch,
  ];
}

/** The search vector from the three stem texts at parameters $t, $t+1, $t+2. */
const searchVector = (t: number) => VECTOR(t, t + 1, t + 2);

export interface ReviewReminderRow {
  id: string;
  title: string;
  reviewBy: string;
  authorId: string;
  email: string;
  name: string;
  locale: string;
}

/**
 * The knowledge base's articles in PostgreSQL: reads in the caller's scope, writes, the status
 * lifecycle and review reminders. Revisions, votes, deflections and ticket links are in
 * `KbArticleRecordsRepository`, search in `KbSearchRepository`.
 */
@Injectable()
export class KbArticleRepository {
  constructor(private readonly dataSource: DataSource) {}

  private db(em?: EntityManager): Queryable {
    return em ?? this.dataSource;
  }

  findVisible(actor: Actor, id: string, em?: EntityManager, lock = false): Promise<ArticleRow | null> {
    const params: unknown[] = [id];
    const scope = articleScopeSql(actor, params);
    return sqlRow<ArticleRow>(
      this.db(em),
      `SELECT ${ROW} ${FROM} WHERE a.id = $1 AND ${scope} ${lock ? 'FOR UPDATE OF a' : ''}`,
      params,
    );
  }

  async list(actor: Actor, f: ArticleFilter): Promise<{ rows: ArticleRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [articleScopeSql(actor, params)];
    if (f.status) where.push(`a.status = $${params.push(f.status)}`);
    if (f.visibility) where.push(`a.visibility = $${params.push(f.visibility)}`);
    if (f.categoryId) where.push(`a.category_id = $${params.push(f.categoryId)}`);
    if (f.kind) where.push(`a.kind = $${params.push(f.kind)}`);
    if (f.tag) where.push(`$${params.push(f.tag)} = ANY(a.tags)`);
    if (f.authorId) where.push(`a.author_id = $${params.push(f.authorId)}`);
    if (f.reviewDueBefore) {
      where.push(`a.status = 'published' AND a.review_by <= $${params.push(f.reviewDueBefore)}::date`);
    }
    const limit = params.push(f.limit);
    const offset = params.push(f.offset);
    const rows = await sqlRows<ArticleRow & { total: string }>(
      this.dataSource,
      `SELECT ${ROW}, count(*) OVER () AS total ${FROM} WHERE ${where.join(' AND ')}
        ORDER BY a.updated_at DESC, a.id LIMIT $${limit} OFFSET $${offset}`,
      params,
    );
    const total = rows.length ? Number(rows[0].total) : 0;
    return { rows, total };
  }

  async insert(
    em: EntityManager,
    w: ArticleWrite,
    authorId: string,
    now: Date,
    sourceTicketId: string | null = null,
  ): Promise<string> {
    const n = WRITE_COLUMNS.length;
    const values = WRITE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    const row = await sqlRow<{ id: string }>(
      em,
      `INSERT INTO kb_article (${WRITE_COLUMNS.join(', ')}, search_vector, author_id, source_ticket_id,
                               created_at, updated_at)
       VALUES (${values}, ${searchVector(n + 1)}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 6})
       RETURNING id`,
      [...writeValues(w), w.titleStems, w.bodyStems, w.extraStems, authorId, sourceTicketId, now],
    );
    return row!.id;
  }

  /** Writes the new content and bumps the version; false when `version` is no longer current. */
  async update(em: EntityManager, id: string, version: number, w: ArticleWrite, now: Date): Promise<boolean> {
    const n = WRITE_COLUMNS.length;
    const sets = WRITE_COLUMNS.map((column, i) => `${column} = $${i + 3}`).join(', ');
    const touched = await sqlExecute(
      em,
      `UPDATE kb_article SET ${sets}, search_vector = ${searchVector(n + 3)}, version = version + 1,
              updated_at = $${n + 6}
        WHERE id = $1 AND version = $2`,
      [id, version, ...writeValues(w), w.titleStems, w.bodyStems, w.extraStems, now],
    );
    return touched === 1;
  }

  /** Moves the article from one status to the next; false when its status changed meanwhile. */
  async setStatus(
    em: EntityManager,
    id: string,
    from: ArticleStatus[],
    to: ArticleStatus,
    now: Date,
    extra: { reviewerId?: string; reviewBy?: string } = {},
  ): Promise<boolean> {
    const touched = await sqlExecute(
      em,
      `UPDATE kb_article
          SET status = $3::text, version = version + 1, updated_at = $4,
              published_at = CASE WHEN $3::text = 'published' THEN $4 ELSE published_at END,
              archived_at = CASE WHEN $3::text = 'archived' THEN $4 ELSE archived_at END,
              reviewer_id = COALESCE($5::uuid, reviewer_id),
              review_by = COALESCE(review_by, $6::date)
        WHERE id = $1 AND status = ANY($2::text[])`,
      [id, from, to, now, extra.reviewerId ?? null, extra.reviewBy ?? null],
    );
    return touched === 1;
  }

  async countView(id: string): Promise<void> {
    await sqlExecute(this.dataSource, `UPDATE kb_article SET view_count = view_count + 1 WHERE id = $1`, [
      id,
    ]);
  }

  /** Adds one helpful or not-helpful vote to the article's counters. */
  async countVote(em: EntityManager, id: string, helpful: boolean): Promise<void> {
    const column = helpful ? 'helpful_count' : 'not_helpful_count';
    await sqlExecute(em, `UPDATE kb_article SET ${column} = ${column} + 1 WHERE id = $1`, [id]);
  }

  /** Adds one deflection to the article's counter; returns the new count. */
  async countDeflection(em: EntityManager, id: string): Promise<number> {
    const row = await sqlRow<{ deflectionCount: number }>(
      em,
      `UPDATE kb_article SET deflection_count = deflection_count + 1 WHERE id = $1
       RETURNING deflection_count AS "deflectionCount"`,
      [id],
    );
    return row!.deflectionCount;
  }

  /** Articles linked to a ticket that the actor may see. */
  articlesOfTicket(actor: Actor, ticketId: string): Promise<ArticleRow[]> {
    const params: unknown[] = [ticketId];
    const scope = articleScopeSql(actor, params);
    return sqlRows<ArticleRow>(
      this.dataSource,
      `SELECT ${ROW} ${FROM} JOIN kb_ticket_link l ON l.article_id = a.id
        WHERE l.ticket_id = $1 AND ${scope} ORDER BY a.title LIMIT 50`,
      params,
    );
  }

  async categoryExists(id: string): Promise<boolean> {
    return (
      (await sqlRow<{ one: number }>(this.dataSource, `SELECT 1 AS one FROM category WHERE id = $1`, [
        id,
      ])) !== null
    );
  }

  /**
   * Published articles whose review date has come and whose owner was not yet told for that date,
   * locked so two workers never mail the same one; the caller marks them in the same transaction.
   */
  dueForReviewReminder(em: EntityManager, now: Date, limit: number): Promise<ReviewReminderRow[]> {
    return sqlRows<ReviewReminderRow>(
      em,
      `SELECT a.id, a.title, a.review_by::text AS "reviewBy", u.id AS "authorId", u.email, u.name, u.locale
         FROM kb_article a JOIN app_user u ON u.id = a.author_id
        WHERE a.status = 'published'
          AND a.review_by <= ($1::timestamptz AT TIME ZONE COALESCE((SELECT timezone FROM region LIMIT 1), 'Asia/Jakarta'))::date
          AND a.review_reminded_for IS DISTINCT FROM a.review_by
        ORDER BY a.review_by, a.id
        LIMIT $2
        FOR UPDATE OF a SKIP LOCKED`,
      [now, limit],
    );
  }

  async markReminded(em: EntityManager, ids: string[]): Promise<void> {
    await sqlExecute(em, `UPDATE kb_article SET review_reminded_for = review_by WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
  }

  /** Today's date in the region's time zone. */
  async regionToday(now: Date): Promise<string> {
    const row = await sqlRow<{ today: string }>(
      this.dataSource,
      `SELECT ($1::timestamptz AT TIME ZONE COALESCE((SELECT timezone FROM region LIMIT 1), 'Asia/Jakarta'))::date::text AS today`,
      [now],
    );
    return row!.today;
  }
}
