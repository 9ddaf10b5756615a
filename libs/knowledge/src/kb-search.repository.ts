import { preparedQuery } from '@desk/database';
import { Actor } from '@desk/org-auth';
import type { PrefixQuery } from '@desk/text-search';
import { Injectable } from '@nestjs/common';
import { articleScopeSql } from './article-access';
import { KbSearchPool } from './kb-search-pool';
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
 * The bounded candidate set of one request. `title`: title matches scored cheaply (by the title's
 * own small vector; a common word such as "printer" is in thousands of titles); `body`: whether
 * matches in the body count too (then as many as the shortlist, unscored); `shortlist`: how many of
 * them, at least, are ranked in full (the whole vector and the title's word similarity, the
 * expensive part), and never fewer than the rows up to the page's end and ten more. Pages beyond the
 * candidates stay empty.
 */
export const SEARCH_CANDIDATES: Candidates = { title: 60, body: true, shortlist: 30 };
/** Suggest matches titles only: a half-typed ticket title is compared with article titles. */
export const SUGGEST_CANDIDATES: Candidates = { title: 40, body: false, shortlist: 25 };

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
const NEAR_WORDS = { perQueryWord: 3, total: 4 };
/** Titles read per near word; the closest of them by word similarity are shown. */
const TITLES_PER_NEAR_WORD = 25;

/**
 * A half-typed word stands for at most this many title words; a shorter prefix that stands for more
 * ("pe", "ter") is matched as a prefix, as it is written.
 */
export const PREFIX_WORDS_MAX = 32;

/** Title A, body B, tags and known-error fields C; ts_rank takes the weights as D, C, B, A. */
const RANK_WEIGHTS = `'{0.1, 0.3, 0.5, 1.0}'`;

interface Candidates {
  title: number;
  body: boolean;
  shortlist: number;
}

interface RankedQuery {
  /** The scope and filters over alias `a`, their parameters pushed after $1 (tsquery) and $2. */
  where: string;
  params: unknown[];
  caps: Candidates;
  snippetChars: number;
  limit: number;
  offset: number;
  /** For text being typed: the complete words' tsquery and the last word's prefixes. */
  typing?: Pick<PrefixQuery, 'complete' | 'prefixes'>;
}

/**
 * The knowledge base's search and suggest statements. Every one takes the caller's scope and reads
 * published articles only.
 */
@Injectable()
export class KbSearchRepository {
  constructor(private readonly connections: KbSearchPool) {}

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
  suggest(actor: Actor, query: PrefixQuery, similarityText: string, limit: number): Promise<SearchRow[]> {
    const params: unknown[] = [query.tsquery, similarityText];
    return this.rankedWithTypos({
      where: articleScopeSql(actor, params, true),
      params,
      caps: SUGGEST_CANDIDATES,
      snippetChars: 160,
      limit,
      offset: 0,
      typing: query,
    });
  }

  /**
   * One statement, one round trip, as a prepared statement on the search pool's connections: parsed
   * and planned once per connection and shape (a generic plan, see `KbSearchPool`).
   *
   * Full text: title matches come from the published-only GIN index on the title's vector and are
   * scored by `ts_rank` over that small vector. Matches anywhere come unscored from the whole
   * vector's index, and only when the title matches do not fill the shortlist: a match in the title
   * (weight A, 1.0) outranks one in the body (B, 0.5), and a common body word ("tidak", "bisa") makes
   * that index scan the most expensive step. The shortlist (the best by the cheap score) is then
   * ranked in full: search by `ts_rank` over the whole vector; suggest by `ts_rank` over the title's
   * vector plus half the title's pg_trgm word similarity to the half-typed title (15-40 µs a row,
   * so it runs on the shortlist only, never on thousands of matches). Each match is
   * a MATERIALIZED CTE: planned for all its rows (a GIN bitmap scan) yet read lazily, so the LIMIT
   * stops it early when the word is common.
   *
   * Text being typed (suggest): the title match looks for the whole title words the half-typed
   * word begins (`kb_title_word`, at most `PREFIX_WORDS_MAX`) instead of the prefix itself. A GIN
   * prefix match reads the postings of every word it covers into a bitmap, all of them, before any
   * row is tested ("meng" covers "mengirim", "mengatur" and others in one title in six), while whole
   * words let GIN step through the rarest word's postings and skip the rest. The table holds every
   * word of every title, so the matches are the same; the title's score still uses the prefix.
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
    // What the title index is asked: the query itself, or its prefixes spelt out as whole words.
    let titleMatch = q;
    if (fullText && r.typing && r.typing.prefixes.length > 0) {
      const prefixes = params.push(r.typing.prefixes);
      const complete = params.push(r.typing.complete);
      const most = params.push(PREFIX_WORDS_MAX);
      ctes.push(
        `prefix_words AS MATERIALIZED (
         SELECT w.word FROM unnest($${prefixes}::text[]) p(prefix)
          CROSS JOIN LATERAL (
                SELECT word FROM kb_title_word
                 WHERE word COLLATE "C" >= p.prefix AND word COLLATE "C" < (p.prefix || chr(1114111))
                 ORDER BY word COLLATE "C" LIMIT $${most} + 1) w)`,
        `title_query AS MATERIALIZED (
         SELECT CASE WHEN w.n NOT BETWEEN 1 AND $${most} THEN ${q}
                     WHEN $${complete} = '' THEN w.any_word
                     ELSE to_tsquery('simple', $${complete}) && w.any_word END AS q
           FROM (SELECT count(*) AS n,
                        to_tsquery('simple', string_agg(quote_literal(word), ' | ')) AS any_word
                   FROM prefix_words) w)`,
      );
      titleMatch = '(SELECT q FROM title_query)';
    }
    const fullRank = `ts_rank(${RANK_WEIGHTS}, a.search_vector, ${q})`;
    if (fullText) {
      const shortlist = params.push(Math.max(r.caps.shortlist, r.offset + r.limit + 10));
      const titleCap = params.push(r.caps.title + r.offset + r.limit);
      const offset = params.push(r.offset);
      // Suggest ranks by the title alone, so its title matches carry the title's text along.
      const carried = r.caps.body ? '' : ', a.title_search';
      ctes.push(`title_hits AS MATERIALIZED (
         SELECT a.id${carried}, ts_rank(${RANK_WEIGHTS}, a.title_vector, ${q}) AS cheap
           FROM kb_article a WHERE ${r.where} AND a.title_vector @@ ${titleMatch})`);
      if (r.caps.body) {
        // Body matches are read only when the titles do not fill the shortlist (a test PostgreSQL
        // makes once).
        ctes.push(
          `body_hits AS MATERIALIZED (
         SELECT a.id, 0::real AS cheap FROM kb_article a
          WHERE (SELECT count(*) FROM (SELECT 1 FROM title_hits LIMIT $${shortlist}) t) < $${shortlist}
            AND ${r.where} AND a.search_vector @@ ${q})`,
          `shortlist AS MATERIALIZED (
         SELECT c.id FROM ((SELECT id, cheap FROM title_hits LIMIT $${titleCap})
                           UNION ALL (SELECT id, cheap FROM body_hits LIMIT $${shortlist})) c
          GROUP BY c.id
          ORDER BY max(c.cheap) DESC, c.id
          LIMIT $${shortlist})`,
          `ranked AS MATERIALIZED (
         SELECT a.id, ${fullRank}::float8 AS score
           FROM shortlist s JOIN kb_article a ON a.id = s.id
          ORDER BY score DESC, a.id
          LIMIT $${limit} OFFSET $${offset})`,
        );
      } else {
        // Title matches only: the shortlist is the best of them by their title rank (`cheap`, the
        // first term of the full score), ranked from what the title match carried, without
        // reading the articles again (0.2 ms less a suggestion, the same hits and scores).
        ctes.push(`ranked AS MATERIALIZED (
         SELECT h.id, (h.cheap + 0.5 * word_similarity($2, h.title_search))::float8 AS score
           FROM (SELECT id, cheap, title_search FROM (SELECT * FROM title_hits LIMIT $${titleCap}) c
                  ORDER BY cheap DESC, id LIMIT $${shortlist}) h
          ORDER BY score DESC, h.id
          LIMIT $${limit} OFFSET $${offset})`);
      }
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
    // PostgreSQL types every parameter from where it is used: $2 is used only by suggest's ranking
    // and the typo match, so otherwise it is named here (a test on a constant, made once).
    const typed2 = typos || !r.caps.body ? '' : 'WHERE $2::text IS NOT NULL';
    return preparedQuery<SearchRow>(
      this.connections.get(),
      `WITH ${ctes.join(',\n       ')},
       page AS (SELECT id, score, 0 AS part FROM ranked ${typoPart})
       SELECT a.id, a.title, left(a.body_text, ${r.snippetChars}) AS snippet, p.score
         FROM page p JOIN kb_article a ON a.id = p.id
        ${typed2}
        ORDER BY p.part, p.score DESC, a.id`,
      params,
    );
  }
}
