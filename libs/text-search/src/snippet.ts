import { searchTokens } from './text-search';
import type { SearchToken } from './tokenize';

export interface SnippetSegment {
  text: string;
  /** The segment is a word of the query (as written, stemmed, or part of a compound). */
  match: boolean;
}

export interface SnippetOptions {
  /** Words in the snippet (default 30). */
  maxWords?: number;
  /** Words shown before the first match (default 8). */
  wordsBefore?: number;
  /** Only this much of the text is scanned (default 20,000 characters). */
  scanLimit?: number;
}

const WORD = /[\p{L}\p{Nd}]+(?:[-._/:][\p{L}\p{Nd}]+)*/gu;

/**
 * The tokens of one word of a text, cached: a snippet scans up to thousands of words per hit, the
 * same few hundred words recur in every article, and tokenising (Unicode normalisation, stemming)
 * is the cost of a search request after the query itself. Bounded like the stemmer's cache.
 */
const WORD_CACHE_LIMIT = 50_000;
const wordTokens = new Map<string, SearchToken[]>();
function tokensOfWord(word: string): SearchToken[] {
  let tokens = wordTokens.get(word);
  if (tokens === undefined) {
    tokens = searchTokens(word);
    if (wordTokens.size >= WORD_CACHE_LIMIT) wordTokens.clear();
    wordTokens.set(word, tokens);
  }
  return tokens;
}

/**
 * A short extract of `text` around the first word that matches `query` by stem, split into
 * segments so the caller can escape and highlight them: "perbaikan" highlights "diperbaiki".
 * PostgreSQL's ts_headline cannot do this, because the stored text is not stemmed by PostgreSQL.
 * Without a match the extract is the start of the text.
 */
export function snippetSegments(text: string, query: string, options: SnippetOptions = {}): SnippetSegment[] {
  const maxWords = options.maxWords ?? 30;
  const before = options.wordsBefore ?? 8;
  const scanned = text.slice(0, options.scanLimit ?? 20_000);
  const wanted = new Set<string>();
  for (const token of searchTokens(query)) {
    wanted.add(token.term);
    wanted.add(token.raw);
  }
  const words: { start: number; end: number; match: boolean }[] = [];
  let first = -1;
  for (const m of scanned.matchAll(WORD)) {
    const tokens = tokensOfWord(m[0]);
    const match = tokens.some(
      (t) => wanted.has(t.term) || wanted.has(t.raw) || t.parts.some((p) => wanted.has(p)),
    );
    if (match && first < 0) first = words.length;
    words.push({ start: m.index, end: m.index + m[0].length, match });
    // Enough words after the first match: stop scanning.
    if (first >= 0 && words.length >= first + maxWords) break;
  }
  if (!words.length) return scanned ? [{ text: scanned.slice(0, 200), match: false }] : [];
  const from = first < 0 ? 0 : Math.max(0, first - before);
  const to = Math.min(words.length, from + maxWords);
  const segments: SnippetSegment[] = [];
  if (from > 0) segments.push({ text: '… ', match: false });
  let cursor = words[from].start;
  for (let i = from; i < to; i++) {
    const w = words[i];
    if (!w.match) continue;
    if (w.start > cursor) segments.push({ text: scanned.slice(cursor, w.start), match: false });
    segments.push({ text: scanned.slice(w.start, w.end), match: true });
    cursor = w.end;
  }
  const endAt = words[to - 1].end;
  if (endAt > cursor) segments.push({ text: scanned.slice(cursor, endAt), match: false });
  if (to < words.length || endAt < scanned.length) segments.push({ text: ' …', match: false });
  return segments;
}
