import { LRUCache } from 'lru-cache';
import { Stemmer } from 'sastrawijs';

/**
 * Root words the Sastrawi dictionary lacks but a government IT desk writes every day. Without them
 * the dictionary-based stemmer leaves "direset" or "menginstal" untouched, because it only strips an
 * affix when what remains is a known root.
 */
const DESK_ROOTS = [
  'reset',
  'login',
  'logout',
  'instal',
  'install',
  'update',
  'upgrade',
  'restart',
  'backup',
  'upload',
  'download',
  'scan',
  'print',
  'setting',
  'format',
  'sinkron',
  'share',
  'konek',
  'koneksi',
  'hosting',
  'email',
  'router',
  'printer',
  'server',
  'aktivasi',
  'verifikasi',
  'registrasi',
  'subdomain',
  'domain',
  'password',
];

/** Stems kept in memory: the least recently used is dropped beyond this many words. */
export const STEM_CACHE_LIMIT = 50_000;

let stemmer: Stemmer | undefined;
const cache = new LRUCache<string, string>({ max: STEM_CACHE_LIMIT });

function instance(): Stemmer {
  if (!stemmer) {
    stemmer = new Stemmer();
    // `addToDict` of sastrawijs 1.1.0 loses `this`; the dictionary is a public lookup object.
    const dictionary = stemmer.internalDictionary as Record<string, string>;
    for (const root of DESK_ROOTS) dictionary[root] = '';
  }
  return stemmer;
}

/**
 * The Nazief-Adriani stem of one lower-case Indonesian word ("mengonfigurasi" -> "konfigurasi",
 * "diperbaiki" and "perbaikan" -> "baik"). Words the dictionary cannot reduce come back unchanged.
 * Results are cached (bounded, least recently used out): a Sastrawi stem costs several dictionary
 * lookups, the stem of a word never changes, and the same words recur in every article and query.
 */
export function stemWord(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let stem = word;
  // Words shorter than four letters carry no affix worth removing ("di", "ke", "tv").
  if (word.length > 3 && /^\p{Ll}+$/u.test(word)) {
    const result = instance().stem(word);
    stem = result && result.length > 0 ? result : word;
  }
  cache.set(word, stem);
  return stem;
}

/** How many stems are cached now (for tests of the bound). */
export function stemCacheSize(): number {
  return cache.size;
}
