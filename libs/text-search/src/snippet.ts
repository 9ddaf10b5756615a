import { LRUCache } from 'lru-cache';
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

/** A word of a text, as the tokenizer reads it: letters and digits, joined by `-._/:`. */
const WORD = /[\p{L}\p{Nd}]+(?:[-._/:][\p{L}\p{Nd}]+)*/gu;
/** A character no word can contain: the scan can start right after it. */
const BOUNDARY = /[^\p{L}\p{Nd}\-._/:]/u;
/** How far back (characters) the words before the first match are first looked for. */
const LOOKBACK = 256;

/**
 * The tokens of one word of a text, cached (bounded, least recently used out): the same few
 * hundred words recur in every article, and tokenising (Unicode normalisation, stemming) is the
 * costly part of checking a word.
 */
export const WORD_CACHE_LIMIT = 20_000;
const wordTokens = new LRUCache<string, SearchToken[]>({ max: WORD_CACHE_LIMIT });
function tokensOfWord(word: string): SearchToken[] {
  let tokens = wordTokens.get(word);
  if (tokens === undefined) {
    tokens = searchTokens(word);
    wordTokens.set(word, tokens);
  }
  return tokens;
}

/** How many words' tokens are cached now (for tests of the bound). */
export function wordCacheSize(): number {
  return wordTokens.size;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Cuts snippets for one query from any number of texts: the query is tokenised once.
 *
 * A snippet is a short extract around the first word that matches the query by stem, split into
 * segments so the caller can escape and highlight them: "perbaikan" highlights "diperbaiki".
 * PostgreSQL's ts_headline cannot do this, because the stored text is not stemmed by PostgreSQL.
 * Without a match the extract is the start of the text.
 *
 * Only the words near the first match are tokenised. The first match is found with one regular
 * expression over the text that every matching word must hit: a plain word of ASCII letters can
 * only match when it contains the query's word, or its stem less the first letter (Sastrawi strips
 * affixes and at most changes the root's first letter: "menyimpan" -> "simpan" holds "impan");
 * any other word (digits, joined parts, other scripts) is always checked in full.
 */
export function snippetMatcher(
  query: string,
  options: SnippetOptions = {},
): (text: string) => SnippetSegment[] {
  const maxWords = options.maxWords ?? 30;
  const before = options.wordsBefore ?? 8;
  const scanLimit = options.scanLimit ?? 20_000;
  const wanted = new Set<string>();
  for (const token of searchTokens(query)) {
    wanted.add(token.term);
    wanted.add(token.raw);
  }
  const isMatch = (word: string) =>
    tokensOfWord(word).some(
      (t) => wanted.has(t.term) || wanted.has(t.raw) || t.parts.some((p) => wanted.has(p)),
    );
  const keys: string[] = [];
  let checkEveryWord = false;
  for (const w of wanted) {
    // A query word with digits or joiners only matches words that are checked in full anyway.
    if (!/^[a-z]+$/.test(w)) continue;
    if (w.length < 2) checkEveryWord = true;
    keys.push(escapeRegExp(w.slice(1)));
  }
  // Hits: a key, a character that is not an ASCII letter or space inside a word (digits, other
  // scripts, joiners). Every word that can match holds a hit; most words hold none.
  const pattern = checkEveryWord
    ? '[\\s\\S]'
    : `${keys.length ? `${keys.join('|')}|` : ''}[0-9\\u0080-\\uffff]|(?<=[A-Za-z0-9])[-._/:](?=[^\\s])`;
  const candidates = new RegExp(pattern, 'gi');
  /** Whether one word may match: only then is it tokenised (the same test, on the word alone). */
  const mayMatch = new RegExp(pattern, 'i');

  return (text: string): SnippetSegment[] => {
    const scanned = text.slice(0, scanLimit);
    const first = firstMatch(scanned, candidates, isMatch);
    const segments: SnippetSegment[] = [];
    if (first < 0) {
      const words = wordsFrom(scanned, 0, maxWords);
      if (!words.length) return scanned ? [{ text: scanned.slice(0, 200), match: false }] : [];
      return build(scanned, words, segments, false);
    }
    const preceding = wordsBefore(scanned, first, before + 1);
    const lead = preceding.length > before ? preceding.slice(1) : preceding;
    const after = lead.length < maxWords ? wordsFrom(scanned, first, maxWords - lead.length) : [];
    for (const w of after) {
      const word = scanned.slice(w.start, w.end);
      w.match = mayMatch.test(word) && isMatch(word);
    }
    return build(scanned, [...lead, ...after].slice(0, maxWords), segments, preceding.length > before);
  };
}

/**
 * A short extract of `text` around the first word that matches `query` by stem (see
 * `snippetMatcher`, which cuts many texts for one query).
 */
export function snippetSegments(text: string, query: string, options: SnippetOptions = {}): SnippetSegment[] {
  return snippetMatcher(query, options)(text);
}

interface Word {
  start: number;
  end: number;
  match: boolean;
}

/** Where the first word matching the query starts, or -1. */
function firstMatch(text: string, candidates: RegExp, isMatch: (word: string) => boolean): number {
  candidates.lastIndex = 0;
  for (let hit = candidates.exec(text); hit; hit = candidates.exec(text)) {
    // Check every word of the stretch between two boundaries around the hit (a word never spans
    // a boundary, so reading from one gives the same words as reading from the text's start).
    let start = hit.index;
    while (start > 0 && !BOUNDARY.test(text[start - 1])) start--;
    let end = hit.index + Math.max(1, hit[0].length);
    while (end < text.length && !BOUNDARY.test(text[end])) end++;
    WORD.lastIndex = start;
    for (let m = WORD.exec(text); m && m.index < end; m = WORD.exec(text)) {
      if (isMatch(m[0])) return m.index;
    }
    candidates.lastIndex = end;
  }
  return -1;
}

/** Up to `count` words from `start` (a word start or a boundary). */
function wordsFrom(text: string, start: number, count: number): Word[] {
  const words: Word[] = [];
  WORD.lastIndex = start;
  for (let m = WORD.exec(text); m && words.length < count; m = WORD.exec(text)) {
    words.push({ start: m.index, end: m.index + m[0].length, match: false });
  }
  return words;
}

/** Up to the last `count` words before `position` (a word start). */
function wordsBefore(text: string, position: number, count: number): Word[] {
  for (let back = LOOKBACK; ; back *= 2) {
    let from = Math.max(0, position - back);
    // Start right after a boundary, so no word is read from its middle.
    while (from > 0 && !BOUNDARY.test(text[from - 1])) from++;
    if (from >= position && position - back > 0) continue;
    const words: Word[] = [];
    WORD.lastIndex = from;
    for (let m = WORD.exec(text); m && m.index < position; m = WORD.exec(text)) {
      words.push({ start: m.index, end: m.index + m[0].length, match: false });
    }
    if (words.length >= count || position - back <= 0) return words.slice(-count);
  }
}

/** Segments from the chosen words: matches apart, the rest between them as written. */
function build(
  text: string,
  words: Word[],
  segments: SnippetSegment[],
  cutBefore: boolean,
): SnippetSegment[] {
  if (cutBefore) segments.push({ text: '… ', match: false });
  let cursor = words[0].start;
  for (const w of words) {
    if (!w.match) continue;
    if (w.start > cursor) segments.push({ text: text.slice(cursor, w.start), match: false });
    segments.push({ text: text.slice(w.start, w.end), match: true });
    cursor = w.end;
  }
  const endAt = words[words.length - 1].end;
  if (endAt > cursor) segments.push({ text: text.slice(cursor, endAt), match: false });
  if (endAt < text.length) segments.push({ text: ' …', match: false });
  return segments;
}
