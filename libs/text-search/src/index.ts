/**
 * Indonesian full-text search helpers for PostgreSQL's `simple` configuration: stems built with a
 * dictionary-based Nazief-Adriani stemmer (Sastrawi) and a query builder that never produces an
 * invalid tsquery.
 */
export { stemWord } from './indonesian-stemmer';
export { normalizeText, tokenize, MAX_TOKEN_LENGTH, type SearchToken } from './tokenize';
export {
  searchTokens,
  toSearchText,
  toTsQuery,
  toPrefixQuery,
  toSimilarityText,
  toHighlightQuery,
  MAX_QUERY_TERMS,
  type TsQueryOptions,
  type PrefixQuery,
} from './text-search';
export { snippetMatcher, snippetSegments, type SnippetSegment, type SnippetOptions } from './snippet';
