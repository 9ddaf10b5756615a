import {
  snippetSegments,
  stemWord,
  toHighlightQuery,
  toSearchText,
  toPrefixQuery,
  toSimilarityText,
  toTsQuery,
} from './index';
import { STEM_CACHE_LIMIT, stemCacheSize } from './indonesian-stemmer';
import { snippetMatcher, WORD_CACHE_LIMIT, wordCacheSize } from './snippet';

describe('Indonesian stemming', () => {
  it.each([
    ['mengonfigurasi', 'konfigurasi'],
    ['membaca', 'baca'],
    ['memasang', 'pasang'],
    ['mencetak', 'cetak'],
    ['mendengar', 'dengar'],
    ['mengambil', 'ambil'],
    ['menghubungkan', 'hubung'],
    ['menyimpan', 'simpan'],
    ['menyusun', 'susun'],
    ['mereset', 'reset'],
    ['dibagikan', 'bagi'],
    ['direset', 'reset'],
    ['berbagi', 'bagi'],
    ['bermain', 'main'],
    ['terhubung', 'hubung'],
    ['tertulis', 'tulis'],
    ['jalankan', 'jalan'],
    ['pengaturan', 'atur'],
    ['tulisan', 'tulis'],
    ['lewati', 'lewat'],
    ['bukunya', 'buku'],
    ['sambungannya', 'sambung'],
    ['menginstal', 'instal'],
  ])('%s -> %s', (word, stem) => {
    expect(stemWord(word)).toBe(stem);
  });

  it('gives "diperbaiki" and "perbaikan" the same stem', () => {
    expect(stemWord('diperbaiki')).toBe(stemWord('perbaikan'));
  });

  it('keeps a stem inside its word, less at most the first letter (what the snippet scan relies on)', () => {
    for (const word of [
      'mengonfigurasi',
      'menyimpan',
      'memasang',
      'mencetak',
      'pengaturan',
      'diperbaiki',
      'berbagi',
    ]) {
      expect(word).toContain(stemWord(word).slice(1));
    }
  });

  it('caches a bounded number of stems', () => {
    for (let i = 0; i < STEM_CACHE_LIMIT + 5_000; i++) stemWord(`kata${i}`);
    expect(stemCacheSize()).toBe(STEM_CACHE_LIMIT);
    // Still right for words dropped from the cache and stemmed again.
    expect(stemWord('mengonfigurasi')).toBe('konfigurasi');
  });

  it('leaves unknown words, short words and numbers alone', () => {
    expect(stemWord('srikandi')).toBe('srikandi');
    expect(stemWord('di')).toBe('di');
    expect(stemWord('2026')).toBe('2026');
  });
});

describe('toSearchText', () => {
  it('lower-cases, strips punctuation and stems, keeping the written form for prefixes', () => {
    expect(toSearchText('Printer TIDAK bisa mencetak!')).toBe('printer tidak bisa cetak mencetak');
  });

  it('keeps numbers and ticket numbers, with their parts', () => {
    expect(toSearchText('Lihat TIK-2026-000123 dan port 8080')).toBe(
      'lihat tik2026000123 tik 2026 000123 dan port 8080',
    );
  });

  it('collapses reduplication and joins hyphenated words', () => {
    expect(toSearchText('buku-buku e-mail')).toBe('buku email e mail');
  });

  it('drops diacritics, control characters and lone surrogates', () => {
    expect(toSearchText('café\u0000 \ud800 résumé')).toBe('cafe resume');
  });
});

describe('toTsQuery', () => {
  it('needs every stemmed word, quoted', () => {
    expect(toTsQuery('Mengonfigurasi printer')).toBe("'konfigurasi' & 'printer'");
  });

  it('can rank documents with any of the words', () => {
    expect(toTsQuery('printer wifi', { mode: 'any' })).toBe("'printer' | 'wifi'");
  });

  it('matches the last, half-typed word as a prefix, written and stemmed', () => {
    expect(toTsQuery('printer tidak bis', { prefixLast: true })).toBe("'printer' & 'tidak' & 'bis':*");
    expect(toTsQuery('cara mengonfigurasi', { prefixLast: true })).toBe(
      "('mengonfigurasi':* | 'konfigurasi':*)",
    );
  });

  it('leaves out a last word too short to narrow anything as a prefix', () => {
    expect(toTsQuery('printer tidak bi', { prefixLast: true })).toBe("'printer' & 'tidak'");
    expect(toTsQuery('pr', { prefixLast: true })).toBe('');
  });

  it('drops common words unless nothing else is left', () => {
    expect(toTsQuery('bagaimana cara reset password saya')).toBe("'reset' & 'password'");
    expect(toTsQuery('yang itu')).toBe("'yang' & 'itu'");
  });

  it('turns ticket numbers into one term', () => {
    expect(toTsQuery('TIK-2026-000123')).toBe("'tik2026000123'");
  });

  it('never lets operators, quotes or junk through', () => {
    for (const hostile of ['a & b | !c <-> d:*', "'); DROP TABLE x; --", '"\'\\', '()&|!<>:*', '']) {
      const query = toTsQuery(hostile, { prefixLast: true });
      expect(query).toMatch(/^(?:[('|&:* ]|[\p{L}\p{Nd}])*$/u);
    }
    expect(toTsQuery('()&|!<>:*')).toBe('');
  });

  it('caps the number of terms of a huge query', () => {
    const query = toTsQuery('kata '.repeat(5000) + Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '));
    expect(query.split(' & ').length).toBeLessThanOrEqual(16);
  });
});

describe('toPrefixQuery', () => {
  it('splits a half-typed query into its complete words and the prefixes of the last', () => {
    expect(toPrefixQuery('printer tidak bis')).toEqual({
      tsquery: "'printer' & 'tidak' & 'bis':*",
      complete: "'printer' & 'tidak'",
      prefixes: ['bis'],
    });
    expect(toPrefixQuery('cara mengonfigurasi')).toEqual({
      tsquery: "('mengonfigurasi':* | 'konfigurasi':*)",
      complete: '',
      prefixes: ['mengonfigurasi', 'konfigurasi'],
    });
  });

  it('has no prefixes when the last word is too short, and agrees with toTsQuery on any text', () => {
    expect(toPrefixQuery('printer tidak bi')).toEqual({
      tsquery: "'printer' & 'tidak'",
      complete: "'printer' & 'tidak'",
      prefixes: [],
    });
    for (const text of ['', 'pr', 'yang itu', 'email tidak bisa meng', 'TIK-2026-000123 dicet', "a'b c:*"]) {
      expect(toPrefixQuery(text).tsquery).toBe(toTsQuery(text, { prefixLast: true }));
    }
  });
});

describe('toSimilarityText', () => {
  it('normalises titles for trigram comparison', () => {
    expect(toSimilarityText('  Printer—TIDAK bisa!! ')).toBe('printer tidak bisa');
  });
});

describe('toHighlightQuery', () => {
  it('matches words as written and as stems', () => {
    expect(toHighlightQuery('Mengonfigurasi printer')).toBe("'mengonfigurasi' | 'konfigurasi' | 'printer'");
  });
});

describe('snippetSegments', () => {
  it('highlights inflected forms of the query around the first match', () => {
    const segments = snippetSegments('Router yang rusak sudah diperbaiki oleh teknisi kemarin.', 'perbaikan');
    expect(segments).toEqual([
      { text: 'Router yang rusak sudah ', match: false },
      { text: 'diperbaiki', match: true },
      { text: ' oleh teknisi kemarin', match: false },
      { text: ' …', match: false },
    ]);
  });

  it('cuts long text around the match', () => {
    const text = `${'kata '.repeat(50)}printer rusak ${'lagi '.repeat(50)}`;
    const segments = snippetSegments(text, 'printer', { maxWords: 5, wordsBefore: 1 });
    expect(segments.map((s) => s.text).join('')).toBe('… kata printer rusak lagi lagi …');
  });

  it('highlights ticket numbers, joined words and accented words, which are always checked in full', () => {
    const text = 'Lihat TIK-2026-000123 soal e-mail dan café (Wi-Fi) lantai dua.';
    const marks = (q: string) =>
      snippetSegments(text, q)
        .filter((s) => s.match)
        .map((s) => s.text);
    expect(marks('TIK-2026-000123')).toEqual(['TIK-2026-000123']);
    expect(marks('email')).toEqual(['e-mail']);
    expect(marks('cafe')).toEqual(['café']);
    expect(marks('wifi lantai')).toEqual(['Wi-Fi', 'lantai']);
  });

  it('finds the first match deep in a long text and shows the words before it', () => {
    const text = `${'Buka menu pengaturan lalu pilih jaringan. '.repeat(300)}Sambungan diperbaiki oleh teknisi.`;
    const segments = snippetSegments(text, 'perbaikan', { maxWords: 6, wordsBefore: 3 });
    expect(segments.map((s) => (s.match ? `[${s.text}]` : s.text)).join('')).toBe(
      '… pilih jaringan. Sambungan [diperbaiki] oleh teknisi …',
    );
  });

  it('cuts many texts for one query alike', () => {
    const cut = snippetMatcher('mencetak');
    expect(cut('Printer tidak bisa cetak.').filter((s) => s.match)).toEqual([{ text: 'cetak', match: true }]);
    expect(cut('Tidak ada yang cocok')).toEqual([{ text: 'Tidak ada yang cocok', match: false }]);
    expect(cut('')).toEqual([]);
    expect(cut('—')).toEqual([{ text: '—', match: false }]);
  });

  it('caches the tokens of a bounded number of words', () => {
    const words = Array.from({ length: WORD_CACHE_LIMIT + 2_000 }, (_, i) => `w${i}`).join(' ');
    // A one-letter query checks every word in full, so every word passes through the cache.
    snippetSegments(words, 'x', { scanLimit: words.length });
    expect(wordCacheSize()).toBe(WORD_CACHE_LIMIT);
  });
});
