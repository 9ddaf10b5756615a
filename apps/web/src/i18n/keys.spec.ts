import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import en from './en';
import id from './id';

/** Every file of the web app's source, tests excluded. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function lookup(dictionary: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => {
    if (node && typeof node === 'object' && part in node) return (node as Record<string, unknown>)[part];
    return undefined;
  }, dictionary);
}

/** Literal keys passed to `t('...')` or `i18nKey="..."`; keys built at run time are not seen here. */
function literalKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of sources(join(__dirname, '..'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*['"]([a-zA-Z][\w-]*(?:\.[\w-]+)+)['"]/g)) keys.set(m[1], file);
    for (const m of text.matchAll(/i18nKey=["']([a-zA-Z][\w-]*(?:\.[\w-]+)+)["']/g)) keys.set(m[1], file);
  }
  return keys;
}

describe('web translations', () => {
  const keys = literalKeys();

  it('should find the keys the pages use', () => {
    expect(keys.size).toBeGreaterThan(300);
  });

  it.each([
    ['id', id],
    ['en', en],
  ])('should have every key used in the code in %s', (_name, dictionary) => {
    const missing = [...keys].filter(([key]) => {
      const value = lookup(dictionary, key);
      // i18next plural keys: `x_one` / `x_other` stand for `x`.
      const plural = lookup(dictionary, `${key}_other`) ?? lookup(dictionary, `${key}_one`);
      return typeof value !== 'string' && typeof plural !== 'string' && typeof value !== 'object';
    });
    expect(missing.map(([key, file]) => `${key} (${file})`)).toEqual([]);
  });
});
