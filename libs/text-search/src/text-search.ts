import { stemWord } from './indonesian-stemmer';
import { tokenize, normalizeText, type SearchToken } from './tokenize';

/**
 * Words too common to narrow a search. They stay in documents (harmless) and are dropped from
 * queries unless the query holds nothing else.
 */
const QUERY_STOPWORDS = new Set([
  'yang',
  'dan',
  'di',
  'ke',
  'dari',
  'untuk',
  'dengan',
  'pada',
  'atau',
  'ini',
  'itu',
  'saya',
  'aku',
  'kami',
  'kita',
  'anda',
  'ada',
  'adalah',
  'juga',
  'sudah',
  'akan',
  'bagaimana',
  'cara',
  'apa',
  'mohon',
  'tolong',
  'the',
  'a',
  'an',
  'of',
  'to',
  'in',
  'is',
  'how',
  'and',
  'or',
]);

/** At most this many words of a query are used; the rest of a pasted essay is ignored. */
export const MAX_QUERY_TERMS = 16;

/** The tokens of `text`, stemmed with the Indonesian stemmer. */
export function searchTokens(text: string): SearchToken[] {
  return tokenize(text, stemWord);
}

/**
 * The text to index: every stem, the written word when it differs (so a half-typed word still
 * matches by prefix) and the parts of compounds, separated by spaces. Feed it to
 * `to_tsvector('simple', ...)`; every lexeme is letters and digits only.
 */
export function toSearchText(text: string): string {
  const out: string[] = [];
  for (const token of searchTokens(text)) {
    out.push(token.term);
    if (token.raw !== token.term && !/[^\p{L}\p{Nd}]/u.test(token.raw)) out.push(token.raw);
    for (const part of token.parts) if (part !== token.term) out.push(part);
  }
  return out.join(' ');
}

/** The shortest half-typed word matched as a prefix. */
export const MIN_PREFIX_LENGTH = 3;

export interface TsQueryOptions {
  /** `all` (default) needs every word, `any` ranks documents with some of them. */
  mode?: 'all' | 'any';
  /** Match the last word as a prefix, for text still being typed. */
  prefixLast?: boolean;
}

/** A tsquery operand: quoted, so PostgreSQL never reads operators out of user text. */
function lexeme(term: string, prefix = false): string {
  return `'${term.replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

/** A query split into its complete words and the half-typed last word's prefixes. */
export interface PrefixQuery {
  /** The whole query, as `toTsQuery(text, { prefixLast: true })` gives it. */
  tsquery: string;
  /** The complete words alone, joined by `&`; '' when there are none. */
  complete: string;
  /**
   * What the last word matches as a prefix (as written, and its stem when that differs), each
   * letters and digits only; [] when the last word is too short to match by prefix.
   */
  prefixes: string[];
}

/**
 * Turns user text into a string for `to_tsquery('simple', ...)` that cannot raise a syntax error:
 * only quoted letter-and-digit lexemes joined by `&` or `|`. Returns '' when nothing searchable is
 * left (callers then skip the query). With `prefixLast`, the last word matches both as written and
 * by its stem as a prefix ("printer tidak bis" finds "printer tidak bisa mencetak") once it has
 * `MIN_PREFIX_LENGTH` letters; a shorter last word is left out while other words remain.
 */
export function toTsQuery(text: string, options: TsQueryOptions = {}): string {
  return joined(queryParts(text, options.prefixLast === true), options.mode);
}

/**
 * `toTsQuery(text, { prefixLast: true })` and its parts, for a caller that turns the prefixes into
 * the whole words they stand for (a prefix match reads the postings of every such word; whole words
 * let PostgreSQL skip through them).
 */
export function toPrefixQuery(text: string): PrefixQuery {
  const parts = queryParts(text, true);
  return {
    tsquery: joined(parts),
    complete: joined({ terms: parts.terms, prefixes: [] }),
    prefixes: parts.prefixes,
  };
}

interface QueryParts {
  terms: string[];
  prefixes: string[];
}

/** The tsquery text of the parts: each complete word, then the prefixes as one alternative. */
function joined({ terms, prefixes }: QueryParts, mode: TsQueryOptions['mode'] = 'all'): string {
  const operands = terms.map((term) => lexeme(term));
  if (prefixes.length > 0) {
    const alternatives = prefixes.map((term) => lexeme(term, true));
    operands.push(alternatives.length > 1 ? `(${alternatives.join(' | ')})` : alternatives[0]);
  }
  return operands.join(mode === 'any' ? ' | ' : ' & ');
}

/** The query's complete words (stems, stop words dropped) and the last word's prefixes. */
function queryParts(text: string, prefixLast: boolean): QueryParts {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return { terms: [], prefixes: [] };
  let last = prefixLast ? tokens[tokens.length - 1] : undefined;
  const complete = last ? tokens.slice(0, -1) : tokens;
  // A prefix of one or two letters matches a large share of the vocabulary: it narrows nothing
  // and makes PostgreSQL merge the postings of every such word, so it is left out until typed on.
  if (last && last.raw.length < MIN_PREFIX_LENGTH && complete.length > 0) last = undefined;
  let terms = unique(complete.map((token) => token.term));
  const meaningful = terms.filter((term) => !QUERY_STOPWORDS.has(term));
  if (meaningful.length > 0 || last) terms = meaningful;
  terms = terms.slice(0, last ? MAX_QUERY_TERMS - 1 : MAX_QUERY_TERMS);
  // The written word as a prefix ("mence" -> "mencetak"), and its stem when that is long enough
  // to narrow anything ("konfigur" -> "konfigurasi").
  const prefixes = last
    ? unique(
        [last.raw, last.term].filter(
          (term) => !/[^\p{L}\p{Nd}]/u.test(term) && term.length >= MIN_PREFIX_LENGTH,
        ),
      )
    : [];
  return { terms, prefixes };
}

/**
 * The text compared by trigram similarity (pg_trgm) for typo tolerance: lower case, no diacritics,
 * words separated by single spaces, capped at 200 characters.
 */
export function toSimilarityText(text: string): string {
  return (normalizeText(text).match(/[\p{L}\p{Nd}]+/gu) ?? []).join(' ').slice(0, 200);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * A query for `ts_headline` over the original (unstemmed) text: any of the words as written or as
 * stems, so "mengonfigurasi" highlights both "mengonfigurasi" and "konfigurasi". '' when empty.
 */
export function toHighlightQuery(text: string): string {
  const terms = new Set<string>();
  for (const token of searchTokens(text).slice(0, MAX_QUERY_TERMS)) {
    if (!/[^\p{L}\p{Nd}]/u.test(token.raw)) terms.add(token.raw);
    terms.add(token.term);
    for (const part of token.parts) terms.add(part);
  }
  return [...terms].map((term) => lexeme(term)).join(' | ');
}
