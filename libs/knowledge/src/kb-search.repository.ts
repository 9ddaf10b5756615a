import { preparedQuery } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { articleScopeSql } from './article-access';
import { ArticleKind } from './entities/kb-article.entity';

export interface SearchInput {
  tsquery: string;
  similarityText: string;
  categoryId?: string;
  kind?: ArticleKind;
  tag?: string;
  limit: number;
  offset: number;
}

/** A hit: the start of its plain text, from which the caller cuts and highlights the snippet. */
export interface SearchRow {
  id: string;
  title: string;
  snippet: string;
  score: number;
}

/** How much of each hit's text the snippet is cut from. */
const SNIPPET_SOURCE_CHARS = 5000;

/**
 * How many title matches are ranked (cheaply, by the title's own small vector) per request; a common
 * word ("printer") is in thousands of titles. Body-only matches are taken only as many as the page
 * could need. Pages beyond the candidates stay empty.
 */
export const SEARCH_CANDIDATES = { title: 200, body: true };
/** Suggest matches titles only: a half-typed ticket title is compared with article titles. */
export const SUGGEST_CANDIDATES = { title: 60, body: false };

/**
 * Typo tolerance, in two steps, with explicit thresholds (no session setting is read):
 * each query word is compared with the words of all titles (`kb_title_word`, nearest first by
 * trigram distance), the closest few count when their pg_trgm `similarity` reaches `word`; then
 * titles holding those words count when the whole query's `word_similarity` to the title reaches
 * `title`, the closest titles first. The word threshold is pg_trgm's own default for `%`; the title
 * threshold lets one wrong letter in a short word through ("pinter" for "printer" is 0.57).
 */
export const TYPO_SIMILARITY = { word: 0.3, title: 0.5 };
/** The closest title words looked at per query word, and in all. */
const NEAR_WORDS = { perQueryWord: 3, total: 6 };
/** Titles read per near word; the closest of them by word similarity are shown. */
const TITLES_PER_NEAR_WORD = 50;

/** Title A, body B, tags and known-error fields C; ts_rank takes the weights as D, C, B, A. */
const RANK_WEIGHTS = `'{0.1, 0.3, 0.5, 1.0}'`;

interface RankedQuery {
  /** The scope and filters over alias `a`, their parameters pushed after $1 (tsquery) and $2. */
  where: string;
  params: unknown[];
  caps: { title: number; body: boolean };
  snippetChars: number;
  limit: number;
  offset: number;
}

/**
 * The knowledge base's search and suggest statements. Every one takes the caller's scope and reads
 * published articles only.
 */
@Injectable()
export class KbSearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Ranked search: full text (title A, body B, the rest C) over a bounded candidate set, then, when
   * that leaves the first page short, titles within typing distance.
   */
  search(actor: Actor, s: SearchInput): Promise<SearchRow[]> {
    const params: unknown[] = [s.tsquery, s.similarityText];
    const where = [articleScopeSql(actor, params, true)];
    if (s.categoryId) where.push(`a.category_id = $${params.push(s.categoryId)}`);
    if (s.kind) where.push(`a.kind = $${params.push(s.kind)}`);
    if (s.tag) where.push(`$${params.push(s.tag)} = ANY(a.tags)`);
    return this.rankedWithTypos({
      where: where.join(' AND '),
      params,
      caps: SEARCH_CANDIDATES,
      snippetChars: SNIPPET_SOURCE_CHARS,
      limit: s.limit,
      offset: s.offset,
    });
  }

  /** Suggestions for a half-typed title: published articles the actor may read, by title only. */
  suggest(actor: Actor, tsquery: string, similarityText: string, limit: number): Promise<SearchRow[]> {
    const params: unknown[] = [tsquery, similarityText];
    return this.rankedWithTypos({
      where: articleScopeSql(actor, params, true),
      params,
      caps: SUGGEST_CANDIDATES,
      snippetChars: 160,
      limit,
      offset: 0,
    });
  }

  /**
   * One statement, one round trip, run as a prepared statement (its plan is made once per
   * connection and shape, not on every keystroke).
   *
   * Full text: title matches come from the title's own GIN index and are ranked by the title's small
   * vector (no body is read); body-only matches are taken, unranked, only as many as the page could
   * need. Of both, the best `2 × (offset + limit)` by that cheap score form a shortlist, and only the
   * shortlist is ranked by the whole search vector (title, body, tags: reading each body's vector).
   * Each match is a MATERIALIZED CTE: planned for all its rows (a GIN bitmap scan) yet read lazily,
   * so the LIMIT stops it early when the word is common.
   *
   * Typos (first page only, and only when the full text left it short: the condition has no column
   * in it, so PostgreSQL tests it once and skips the rest when the page is full): see
   * `TYPO_SIMILARITY`. Full-text hits are on the page already, so they are left out here.
   */
  private rankedWithTypos(r: RankedQuery): Promise<SearchRow[]> {
    const params = [...r.params];
    const fullText = (r.params[0] as string) !== '';
    const typos = r.offset === 0 && (r.params[1] as string) !== '';
    const q = `to_tsquery('simple', $1)`;
    const limit = params.push(r.limit);
    const ctes: string[] = [];
    if (fullText) {
      const shortlist = params.push(2 * (r.offset + r.limit));
      const titleCap = params.push(r.caps.title + r.offset + r.limit);
      const offset = params.push(r.offset);
      ctes.push(`title_hits AS MATERIALIZED (
         SELECT a.id, ts_rank(${RANK_WEIGHTS}, a.title_vector, ${q}) AS title_rank
           FROM kb_article a WHERE ${r.where} AND a.title_vector @@ ${q})`);
      let bodyPart = '';
      if (r.caps.body) {
        ctes.push(`body_hits AS MATERIALIZED (
         SELECT a.id FROM kb_article a
          WHERE ${r.where} AND a.search_vector @@ ${q} AND NOT (a.title_vector @@ ${q}))`);
        bodyPart = `UNION ALL (SELECT id, 0 FROM body_hits LIMIT $${shortlist})`;
      }
      ctes.push(
        `shortlist AS MATERIALIZED (
         SELECT c.id FROM ((SELECT id, title_rank FROM title_hits LIMIT $${titleCap}) ${bodyPart}) c
           JOIN kb_article a ON a.id = c.id
          ORDER BY c.title_rank + 0.5 * word_similarity($2, a.title_search) DESC, c.id
          LIMIT $${shortlist})`,
        `ranked AS MATERIALIZED (
         SELECT a.id, (ts_rank(${RANK_WEIGHTS}, a.${r.caps.body ? 'search_vector' : 'title_vector'}, ${q})
                       + 0.5 * word_similarity($2, a.title_search))::float8 AS score
           FROM shortlist s JOIN kb_article a ON a.id = s.id
          ORDER BY score DESC, a.id
          LIMIT $${limit} OFFSET $${offset})`,
      );
    } else {
      ctes.push(`ranked AS (SELECT NULL::uuid AS id, 0::float8 AS score WHERE false)`);
    }
    let typoPart = '';
    if (typos) {
      const wordSim = params.push(TYPO_SIMILARITY.word);
      const titleSim = params.push(TYPO_SIMILARITY.title);
      const perWord = params.push(NEAR_WORDS.perQueryWord);
      const total = params.push(NEAR_WORDS.total);
      const titles = params.push(TITLES_PER_NEAR_WORD);
      ctes.push(
        `near_words AS MATERIALIZED (
         SELECT w.word, similarity(w.word, qw.word) AS sim
           FROM unnest(string_to_array($2, ' ')) qw(word)
          CROSS JOIN LATERAL (
                SELECT word FROM kb_title_word ORDER BY word <-> qw.word LIMIT $${perWord}) w
          WHERE (SELECT count(*) FROM ranked) < $${limit}
            AND similarity(w.word, qw.word) >= $${wordSim}
          ORDER BY sim DESC, w.word
          LIMIT $${total})`,
        `near AS MATERIALIZED (
         SELECT t.id, max(t.sim) AS sim
           FROM near_words nw
          CROSS JOIN LATERAL (
                SELECT a.id, word_similarity($2, a.title_search) AS sim
                  FROM kb_article a
                 WHERE ${r.where} AND a.title_vector @@ to_tsquery('simple', quote_literal(nw.word))
                 LIMIT $${titles}) t
          WHERE t.sim >= $${titleSim} AND t.id NOT IN (SELECT id FROM ranked)
          GROUP BY t.id)`,
      );
      typoPart = `UNION ALL (SELECT id, (0.5 * sim)::float8, 1 FROM near ORDER BY sim DESC, id
                    LIMIT $${limit} - (SELECT count(*) FROM ranked))`;
    }
    return preparedQuery<SearchRow>(
      this.dataSource,
      `WITH ${ctes.join(',\n       ')},
       page AS (SELECT id, score, 0 AS part FROM ranked ${typoPart})
       SELECT a.id, a.title, left(a.body_text, ${r.snippetChars}) AS snippet, p.score
         FROM page p JOIN kb_article a ON a.id = p.id
        ORDER BY p.part, p.score DESC, a.id`,
      params,
    );
  }
}
