import { Actor } from '@desk/org-auth';
import { ticketScopeSql } from '@desk/tickets';
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

export interface SearchInput {
  tsquery: string;
  similarityText: string;
  categoryId?: string;
  kind?: ArticleKind;
  tag?: string;
  limit: number;
  offset: number;
}

export interface SearchRow {
  id: string;
  title: string;
  snippet: string;
  score: number;
}

/** How much of each hit's text the snippet is cut from. */
const SNIPPET_SOURCE_CHARS = 5000;

/**
 * How many full-text matches are ranked per request. A common word ("printer") matches thousands of
 * articles, and ranking means reading every one's search vector; so the candidates are capped
 * first, title matches before matches anywhere (a title match ranks higher anyway), and only they
 * are ranked. Pages beyond the candidates stay empty.
 */
export const SEARCH_CANDIDATES = { title: 200, any: 200 };
/** Suggest matches titles only: a half-typed ticket title is compared with article titles. */
export const SUGGEST_CANDIDATES = { title: 60, any: 0 };
/** How many titles within typing distance are compared when the full-text match falls short. */
const TYPO_CANDIDATES = 100;

interface RankedQuery {
  /** The scope and filters over alias `a`, with their parameters pushed after $1 (tsquery) and $2. */
  where: string;
  params: unknown[];
  caps: { title: number; any: number };
  /** The vector ranked: the whole search vector for search, the title's for suggest. */
  rankVector: 'search_vector' | 'title_vector';
  snippetChars: number;
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
const RANK_WEIGHTS = `'{0.1, 0.3, 0.5, 1.0}'`;

/** TypeORM answers UPDATE ... RETURNING with `[rows, affected]`, INSERT and SELECT with rows. */
function returnedRows<T>(result: unknown): T[] {
  const rows = result as unknown[];
  return (rows.length === 2 && Array.isArray(rows[0]) && typeof rows[1] === 'number' ? rows[0] : rows) as T[];
}

/** The knowledge base's only access to PostgreSQL. Every read takes the caller's scope. */
@Injectable()
export class KbArticleRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(em?: EntityManager) {
    return em ?? this.dataSource.manager;
  }

  async findVisible(actor: Actor, id: string, em?: EntityManager, lock = false): Promise<ArticleRow | null> {
    const params: unknown[] = [id];
    const scope = articleScopeSql(actor, params);
    const rows: ArticleRow[] = await this.q(em).query(
      `SELECT ${ROW} ${FROM} WHERE a.id = $1 AND ${scope} ${lock ? 'FOR UPDATE OF a' : ''}`,
      params,
    );
    return rows[0] ?? null;
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
    const rows: (ArticleRow & { total: string })[] = await this.q().query(
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
    const rows: { id: string }[] = await em.query(
      `INSERT INTO kb_article (title, body, body_html, body_text, kind, symptom, cause, workaround, category_id,
                               tags, visibility, review_by, title_search, search_vector, author_id,
                               source_ticket_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ${VECTOR(14, 15, 16)}, $17, $18, $19, $19)
       RETURNING id`,
      [
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
        w.titleStems,
        w.bodyStems,
        w.extraStems,
        authorId,
        sourceTicketId,
        now,
      ],
    );
    return rows[0].id;
  }

  /** Writes the new content and bumps the version; false when `version` is no longer current. */
  async update(em: EntityManager, id: string, version: number, w: ArticleWrite, now: Date): Promise<boolean> {
    const result: unknown = await em.query(
      `UPDATE kb_article SET title = $3, body = $4, body_html = $5, body_text = $6, kind = $7, symptom = $8,
              cause = $9, workaround = $10, category_id = $11, tags = $12, visibility = $13, review_by = $14,
              title_search = $15, search_vector = ${VECTOR(16, 17, 18)}, version = version + 1, updated_at = $19
        WHERE id = $1 AND version = $2
        RETURNING id`,
      [
        id,
        version,
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
        w.titleStems,
        w.bodyStems,
        w.extraStems,
        now,
      ],
    );
    return returnedRows(result).length === 1;
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
    const result: unknown = await em.query(
      `UPDATE kb_article
          SET status = $3::text, version = version + 1, updated_at = $4,
              published_at = CASE WHEN $3::text = 'published' THEN $4 ELSE published_at END,
              archived_at = CASE WHEN $3::text = 'archived' THEN $4 ELSE archived_at END,
              reviewer_id = COALESCE($5::uuid, reviewer_id),
              review_by = COALESCE(review_by, $6::date)
        WHERE id = $1 AND status = ANY($2::text[])
        RETURNING id`,
      [id, from, to, now, extra.reviewerId ?? null, extra.reviewBy ?? null],
    );
    return returnedRows(result).length === 1;
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
    await em.query(
      `INSERT INTO kb_article_revision (article_id, revision, title, body, changed_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [articleId, revision, title, body, userId, now],
    );
  }

  async revisions(
    articleId: string,
  ): Promise<
    { revision: number; title: string; changedById: string; changedByName: string; createdAt: Date }[]
  > {
    return this.q().query(
      `SELECT r.revision, r.title, r.changed_by_id AS "changedById", u.name AS "changedByName", r.created_at AS "createdAt"
         FROM kb_article_revision r JOIN app_user u ON u.id = r.changed_by_id
        WHERE r.article_id = $1 ORDER BY r.revision DESC`,
      [articleId],
    );
  }

  async revision(articleId: string, revision: number): Promise<{ title: string; body: string } | null> {
    const rows: { title: string; body: string }[] = await this.q().query(
      `SELECT title, body FROM kb_article_revision WHERE article_id = $1 AND revision = $2`,
      [articleId, revision],
    );
    return rows[0] ?? null;
  }

  async countView(id: string): Promise<void> {
    await this.q().query(`UPDATE kb_article SET view_count = view_count + 1 WHERE id = $1`, [id]);
  }

  /** One vote per user: false when the user had voted already. */
  async vote(
    em: EntityManager,
    articleId: string,
    userId: string,
    helpful: boolean,
    now: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO kb_article_vote (article_id, user_id, helpful, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING article_id`,
      [articleId, userId, helpful, now],
    );
    if (!rows.length) return false;
    await em.query(
      `UPDATE kb_article SET ${helpful ? 'helpful_count = helpful_count + 1' : 'not_helpful_count = not_helpful_count + 1'}
        WHERE id = $1`,
      [articleId],
    );
    return true;
  }

  async myVote(articleId: string, userId: string): Promise<boolean | null> {
    const rows: { helpful: boolean }[] = await this.q().query(
      `SELECT helpful FROM kb_article_vote WHERE article_id = $1 AND user_id = $2`,
      [articleId, userId],
    );
    return rows[0]?.helpful ?? null;
  }

  async addDeflection(
    em: EntityManager,
    articleId: string,
    actor: Actor,
    ticketTitle: string | null,
    now: Date,
  ): Promise<number> {
    await em.query(
      `INSERT INTO kb_deflection (article_id, user_id, unit_id, ticket_title, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [articleId, actor.id, actor.unitId, ticketTitle, now],
    );
    const result: unknown = await em.query(
      `UPDATE kb_article SET deflection_count = deflection_count + 1 WHERE id = $1 RETURNING deflection_count`,
      [articleId],
    );
    return returnedRows<{ deflection_count: number }>(result)[0].deflection_count;
  }

  async link(
    em: EntityManager,
    articleId: string,
    ticketId: string,
    userId: string,
    now: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO kb_ticket_link (article_id, ticket_id, created_by_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [articleId, ticketId, userId, now],
    );
  }

  /** Tickets linked to the article that the actor may see. */
  async linkedTickets(
    actor: Actor,
    articleId: string,
  ): Promise<{ id: string; number: string; title: string }[]> {
    const params: unknown[] = [articleId];
    const scope = ticketScopeSql(actor, params);
    return this.q().query(
      `SELECT t.id, t.number, t.title FROM kb_ticket_link l JOIN ticket t ON t.id = l.ticket_id
        WHERE l.article_id = $1 AND ${scope} ORDER BY t.created_at DESC LIMIT 50`,
      params,
    );
  }

  /** Articles linked to a ticket that the actor may see. */
  async articlesOfTicket(actor: Actor, ticketId: string): Promise<ArticleRow[]> {
    const params: unknown[] = [ticketId];
    const scope = articleScopeSql(actor, params);
    return this.q().query(
      `SELECT ${ROW} ${FROM} JOIN kb_ticket_link l ON l.article_id = a.id
        WHERE l.ticket_id = $1 AND ${scope} ORDER BY a.title LIMIT 50`,
      params,
    );
  }

  async categoryExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.q().query(`SELECT 1 FROM category WHERE id = $1`, [id]);
    return rows.length === 1;
  }

  /**
   * Ranked search over published articles the actor may read: full text (title A, body B, the rest C)
   * over a capped candidate set, then, when that leaves the first page short, titles within typing
   * distance (pg_trgm word similarity). Returns the start of each hit's text for the snippet, which
   * is built (and stem-highlighted) by the caller for this page only.
   */
  async search(actor: Actor, s: SearchInput): Promise<SearchRow[]> {
    const params: unknown[] = [s.tsquery, s.similarityText];
    const where = [articleScopeSql(actor, params, true)];
    if (s.categoryId) where.push(`a.category_id = $${params.push(s.categoryId)}`);
    if (s.kind) where.push(`a.kind = $${params.push(s.kind)}`);
    if (s.tag) where.push(`$${params.push(s.tag)} = ANY(a.tags)`);
    return this.rankedWithTypos({
      where: where.join(' AND '),
      params,
      caps: SEARCH_CANDIDATES,
      rankVector: 'search_vector',
      snippetChars: SNIPPET_SOURCE_CHARS,
      limit: s.limit,
      offset: s.offset,
    });
  }

  /** Suggestions for a half-typed title: published articles the actor may read, titles first. */
  async suggest(actor: Actor, tsquery: string, similarityText: string, limit: number): Promise<SearchRow[]> {
    const params: unknown[] = [tsquery, similarityText];
    return this.rankedWithTypos({
      where: articleScopeSql(actor, params, true),
      params,
      caps: SUGGEST_CANDIDATES,
      rankVector: 'title_vector',
      snippetChars: 160,
      limit,
      offset: 0,
    });
  }

  /**
   * One statement, one round trip: a page of full-text hits and, only when they do not fill the
   * first page, titles within typing distance after them.
   *
   * Full text: up to `caps.title` title matches and `caps.any` matches anywhere, each taken straight
   * from its GIN index without ranking, then only those ranked (ts_rank, plus the title's word
   * similarity to the query) and only the page's rows read in full. Each match is a MATERIALIZED
   * CTE: planned for all its rows (a GIN bitmap scan when the word is rare, where a LIMIT-ed plan
   * would wrongly hope to find enough by a sequential scan) yet read lazily, so the LIMIT still
   * stops it early when the word is common.
   *
   * Typos: titles within `<%` of the query (pg_trgm word similarity: the query against the
   * best-matching part of a title) at the threshold every connection of the app starts with (see
   * `TRIGRAM_WORD_SIMILARITY_THRESHOLD` in @desk/database), at most `TYPO_CANDIDATES` of them, the
   * closest first. Under that LIMIT the planner reads titles in table order and stops early (a
   * GiST nearest-first scan was tried: it returns the closest titles but read several times more
   * pages for "pinter" over 50,000 articles). Its condition "the full text left the page short"
   * has no column in it, so PostgreSQL tests it once before the scan and skips the scan when the
   * page is full.
   */
  private rankedWithTypos(r: RankedQuery): Promise<SearchRow[]> {
    const params = [...r.params];
    const fullText = (r.params[0] as string) !== '';
    const typos = r.offset === 0 && (r.params[1] as string) !== '';
    const q = `to_tsquery('simple', $1)`;
    const limit = params.push(r.limit);
    const ctes: string[] = [];
    if (fullText) {
      const titleCap = params.push(r.caps.title + r.offset + r.limit);
      const offset = params.push(r.offset);
      ctes.push(`title_hits AS MATERIALIZED (
         SELECT a.id FROM kb_article a WHERE ${r.where} AND a.title_vector @@ ${q})`);
      let anywhere = '';
      if (r.caps.any > 0) {
        const anyCap = params.push(r.caps.any + r.offset + r.limit);
        ctes.push(`any_hits AS MATERIALIZED (
         SELECT a.id FROM kb_article a WHERE ${r.where} AND a.search_vector @@ ${q})`);
        anywhere = `UNION (SELECT id FROM any_hits LIMIT $${anyCap})`;
      }
      ctes.push(
        `candidates AS ((SELECT id FROM title_hits LIMIT $${titleCap}) ${anywhere})`,
        `ranked AS MATERIALIZED (
         SELECT a.id, (ts_rank(${RANK_WEIGHTS}, a.${r.rankVector}, ${q}) + 0.5 * word_similarity($2, a.title_search))::float8 AS score
           FROM candidates c JOIN kb_article a ON a.id = c.id
          ORDER BY score DESC, a.id
          LIMIT $${limit} OFFSET $${offset})`,
      );
    } else {
      ctes.push(`ranked AS (SELECT NULL::uuid AS id, 0::float8 AS score WHERE false)`);
    }
    let typoPart = '';
    if (typos) {
      const cap = params.push(TYPO_CANDIDATES);
      // Titles the full text matched are on the page already: every full-text match is, as it fell short.
      const notMatched = fullText ? `AND NOT (a.search_vector @@ ${q})` : '';
      ctes.push(`near AS MATERIALIZED (
         SELECT a.id, word_similarity($2, a.title_search) AS sim
           FROM kb_article a
          WHERE (SELECT count(*) FROM ranked) < $${limit}
            AND ${r.where} AND $2 <% a.title_search ${notMatched}
          LIMIT $${cap})`);
      typoPart = `UNION ALL (SELECT id, (0.5 * sim)::float8, 1 FROM near ORDER BY sim DESC, id
                    LIMIT $${limit} - (SELECT count(*) FROM ranked))`;
    }
    return this.q().query(
      `WITH ${ctes.join(',\n       ')},
       page AS (SELECT id, score, 0 AS part FROM ranked ${typoPart})
       SELECT a.id, a.title, left(a.body_text, ${r.snippetChars}) AS snippet, p.score
         FROM page p JOIN kb_article a ON a.id = p.id
        ORDER BY p.part, p.score DESC, a.id`,
      params,
    );
  }

  /**
   * Published articles whose review date has come and whose owner was not yet told for that date,
   * locked so two workers never mail the same one; the caller marks them in the same transaction.
   */
  async dueForReviewReminder(em: EntityManager, now: Date, limit: number) {
    return em.query(
      `SELECT a.id, a.title, a.review_by::text AS "reviewBy", u.id AS "authorId", u.email, u.name, u.locale
         FROM kb_article a JOIN app_user u ON u.id = a.author_id
        WHERE a.status = 'published'
          AND a.review_by <= ($1::timestamptz AT TIME ZONE COALESCE((SELECT timezone FROM region LIMIT 1), 'Asia/Jakarta'))::date
          AND a.review_reminded_for IS DISTINCT FROM a.review_by
        ORDER BY a.review_by, a.id
        LIMIT $2
        FOR UPDATE OF a SKIP LOCKED`,
      [now, limit],
    ) as Promise<
      {
        id: string;
        title: string;
        reviewBy: string;
        authorId: string;
        email: string;
        name: string;
        locale: string;
      }[]
    >;
  }

  async markReminded(em: EntityManager, ids: string[]): Promise<void> {
    await em.query(`UPDATE kb_article SET review_reminded_for = review_by WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Today's date in the region's time zone. */
  async regionToday(now: Date): Promise<string> {
    const rows: { today: string }[] = await this.q().query(
      `SELECT ($1::timestamptz AT TIME ZONE COALESCE((SELECT timezone FROM region LIMIT 1), 'Asia/Jakarta'))::date::text AS today`,
      [now],
    );
    return rows[0].today;
  }
}
