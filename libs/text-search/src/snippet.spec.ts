import fc from 'fast-check';
import { snippetSegments, type SnippetOptions, type SnippetSegment } from './snippet';
import { searchTokens } from './text-search';

/**
 * The snippet as first written: every word of the text tokenised and compared with the query. The
 * fast version scans for hits first and tokenises only the words near the match; both must agree.
 */
function plainSnippet(text: string, query: string, options: SnippetOptions = {}): SnippetSegment[] {
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
  for (const m of scanned.matchAll(/[\p{L}\p{Nd}]+(?:[-._/:][\p{L}\p{Nd}]+)*/gu)) {
    const match = searchTokens(m[0]).some(
      (t) => wanted.has(t.term) || wanted.has(t.raw) || t.parts.some((p) => wanted.has(p)),
    );
    if (match && first < 0) first = words.length;
    words.push({ start: m.index, end: m.index + m[0].length, match });
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

const WORDS = [
  'printer',
  'Printer',
  'MENCETAK',
  'dicetak',
  'cetak',
  'diperbaiki',
  'perbaikan',
  'mengonfigurasi',
  'konfigurasi',
  'menyimpan',
  'simpan',
  'penyimpanan',
  'wifi',
  'Wi-Fi',
  'e-mail',
  'email',
  'buku-buku',
  'TIK-2026-000123',
  '192.168.1.1',
  'v2.0',
  'demo.go.id',
  'café',
  'cafe\u0301',
  'straße',
  'İstanbul',
  '日本語',
  'ｐｒｉｎｔｅｒ',
  '\u00adprinter',
  '\ud800',
  'di',
  'a',
  'x',
  'tidak',
  'bisa',
  'data',
  'kata',
  'sandi',
  '2026',
  '<script>',
  '&amp;',
  'srikandi',
  'router',
];
const SEPARATORS = [
  ' ',
  ' ',
  ' ',
  '. ',
  ', ',
  '\n',
  ' - ',
  '/',
  ': ',
  '—',
  '(',
  ') ',
  '-',
  '.',
  '_',
  '“',
  '”',
];
const textArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 400 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const queryArb = fc.oneof(
  fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
  fc.string({ maxLength: 12 }),
);
const optionsArb = fc.option(
  fc.record({
    maxWords: fc.integer({ min: 1, max: 12 }),
    wordsBefore: fc.integer({ min: 0, max: 6 }),
    scanLimit: fc.integer({ min: 1, max: 3000 }),
  }),
  { nil: undefined },
);

describe('snippetSegments', () => {
  it('cuts the same snippet as tokenising every word of the text', () => {
    fc.assert(
      fc.property(textArb, queryArb, optionsArb, (text, query, options) => {
        expect(snippetSegments(text, query, options)).toEqual(plainSnippet(text, query, options));
      }),
      { numRuns: 1500 },
    );
  });
});
