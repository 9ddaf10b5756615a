/** One word of the input as the search sees it. */
export interface SearchToken {
  /** The lower-case word as written, without punctuation ("mengonfigurasi", "tik-2026-000123"). */
  raw: string;
  /** The form matched in queries: the stem of a word, or the joined parts of a compound. */
  term: string;
  /** Extra lexemes stored in documents so a part of a compound is found alone. */
  parts: string[];
}

/** Letters and digits, joined by the marks that glue ticket numbers, versions and addresses. */
const WORD = /[\p{L}\p{Nd}]+(?:[-._/:][\p{L}\p{Nd}]+)*/gu;
const HAS_DIGIT = /\p{Nd}/u;
/** Tokens longer than this are not words (base64, hashes); PostgreSQL also caps lexemes. */
export const MAX_TOKEN_LENGTH = 64;

/**
 * Normalises text for matching: Unicode NFKD with combining marks removed, lower case, anything that
 * is not a letter or digit treated as a separator. Malformed input (lone surrogates, NUL) simply
 * disappears.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * Splits text into search tokens. A compound with a digit ("TIK-2026-000123", "192.168.1.1",
 * "v2.0") is one term, its parts kept for documents; a hyphenated word ("e-mail", "buku-buku") is
 * one term too (reduplication collapses to the single word). Everything else is split on
 * punctuation and stemmed with `stem`.
 */
export function tokenize(text: string, stem: (word: string) => string): SearchToken[] {
  const tokens: SearchToken[] = [];
  const normalized = normalizeText(text);
  for (const match of normalized.matchAll(WORD)) {
    const chunk = match[0];
    if (HAS_DIGIT.test(chunk)) {
      pushCompound(tokens, chunk, chunk.split(/[-._/:]/), stem);
      continue;
    }
    // Without digits, only the hyphen joins: "demo.go.id" or "printer/scanner" are separate words.
    for (const word of chunk.split(/[._/:]/)) {
      if (!word) continue;
      const segments = word.split('-');
      if (segments.length > 1 && segments.every((segment) => segment === segments[0])) {
        pushWord(tokens, segments[0], stem);
      } else if (segments.length > 1) {
        pushCompound(tokens, word, segments, stem);
      } else {
        pushWord(tokens, word, stem);
      }
    }
  }
  return tokens;
}

function pushWord(tokens: SearchToken[], word: string, stem: (word: string) => string): void {
  if (word.length === 0 || word.length > MAX_TOKEN_LENGTH) return;
  tokens.push({ raw: word, term: HAS_DIGIT.test(word) ? word : stem(word), parts: [] });
}

function pushCompound(
  tokens: SearchToken[],
  raw: string,
  segments: string[],
  stem: (word: string) => string,
): void {
  const joined = segments.join('');
  if (joined.length === 0 || joined.length > MAX_TOKEN_LENGTH) return;
  const parts = segments
    .filter((segment) => segment.length > 0)
    .map((segment) => (HAS_DIGIT.test(segment) ? segment : stem(segment)));
  tokens.push({ raw, term: HAS_DIGIT.test(joined) ? joined : stem(joined), parts });
}
