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

/**
 * Turns user text into a string for `to_tsquery('simple', ...)` that cannot raise a syntax error:
 * only quoted letter-and-digit lexemes joined by `&` or `|`. Returns '' when nothing searchable is
 * left (callers then skip the query). With `prefixLast`, the last word matches both as written and
 * by its stem as a prefix ("printer tidak bis" finds "printer tidak bisa mencetak") once it has
 * `MIN_PREFIX_LENGTH` letters; a shorter last word is left out while other words remain.
 */
export function toTsQuery(text: string, options: TsQueryOptions = {}): string {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return '';
  let last = options.prefixLast ? tokens[tokens.length - 1] : undefined;
  const complete = last ? tokens.slice(0, -1) : tokens;
  // A prefix of one or two letters matches a large share of the vocabulary: it narrows nothing
  // and makes PostgreSQL merge the postings of every such word, so it is left out until typed on.
  if (last && last.raw.length < MIN_PREFIX_LENGTH && complete.length > 0) last = undefined;
  let terms = unique(complete.map((token) => token.term));
  const meaningful = terms.filter((term) => !QUERY_STOPWORDS.has(term));
  if (meaningful.length > 0 || last) terms = meaningful;
  terms = terms.slice(0, last ? MAX_QUERY_TERMS - 1 : MAX_QUERY_TERMS);
  const operands = terms.map((term) => lexeme(term));
  if (last) {
    // The written word as a prefix ("mence" -> "mencetak"), and its stem when that is long enough
    // to narrow anything ("konfigur" -> "konfigurasi").
    const candidates = [last.raw, last.term].filter(
      (term) => !/[^\p{L}\p{Nd}]/u.test(term) && term.length >= MIN_PREFIX_LENGTH,
    );
    const alternatives = unique(candidates).map((term) => lexeme(term, true));
    if (alternatives.length > 0) {
      operands.push(alternatives.length > 1 ? `(${alternatives.join(' | ')})` : alternatives[0]);
    }
  }
  if (operands.length === 0) return '';
  return operands.join(options.mode === 'any' ? ' | ' : ' & ');
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
