// CPU time of cutting the search snippets in the api process: 20 hits per search, over the
// knowledge-base bench's generated bodies and over 5,000-character bodies (the most a search reads
// of a hit). Runs the working tree's @desk/text-search and, with --ref, the one of a git commit
// (copied out with `git show`) in the same sitting, alternating, so the two can be compared on a
// shared machine. Process CPU time (`process.cpuUsage`), not wall time.
//
//   node test/bench/kb-snippet.bench.mjs [--ref COMMIT] [--searches 2000] [--rounds 3]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KB_SEARCHES as QUERIES, rng, zipfWords } from './kb-articles.mjs';
import { ROOT, fmt } from './lib.mjs';

const require = createRequire(import.meta.url);
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });

const { values } = parseArgs({
  options: { ref: { type: 'string' }, searches: { type: 'string' }, rounds: { type: 'string' } },
});
const searches = Number(values.searches ?? 2000);
const rounds = Number(values.rounds ?? 3);
const LIB = 'libs/text-search/src';

/** The library as it is in the working tree, or at `ref` (its files copied to a temporary folder). */
function load(ref) {
  if (!ref) return require(join(ROOT, LIB, 'index.ts'));
  const dir = mkdtempSync(join(tmpdir(), 'kb-snippet-'));
  const files = execFileSync('git', ['ls-tree', '--name-only', ref, `${LIB}/`], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  mkdirSync(join(dir, 'src'), { recursive: true });
  for (const f of files) {
    const text = execFileSync('git', ['show', `${ref}:${f}`], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    writeFileSync(join(dir, 'src', f.slice(LIB.length + 1)), text);
  }
  // Resolve its packages from the repository's node_modules.
  process.env.NODE_PATH = join(ROOT, 'node_modules');
  require('node:module').Module._initPaths();
  const lib = require(join(dir, 'src', 'index.ts'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return lib;
}

// Bodies like the knowledge-base bench's: its vocabulary, Zipf-like, from the same seed.
const rand = rng(42);
const zipf = zipfWords(rand);
const body = (words) => Array.from({ length: words }, zipf).join(' ');
const corpora = {
  'bench articles (60-140 words)': Array.from({ length: 2000 }, () => body(60 + Math.floor(rand() * 80))),
  '5,000-character bodies': Array.from({ length: 500 }, () => body(800).slice(0, 5000)),
};

/** CPU milliseconds per search (the snippets of 20 hits, the query prepared once when possible). */
function measure(lib, bodies) {
  const run = (n) => {
    let segments = 0;
    for (let i = 0; i < n; i++) {
      const q = QUERIES[i % QUERIES.length];
      const cut = lib.snippetMatcher ? lib.snippetMatcher(q) : (text) => lib.snippetSegments(text, q);
      for (let h = 0; h < 20; h++) segments += cut(bodies[(i * 37 + h * 101) % bodies.length]).length;
    }
    return segments;
  };
  run(200);
  const start = process.cpuUsage();
  run(searches);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / searches;
}

const libs = { 'working tree': load() };
if (values.ref) libs[values.ref] = load(values.ref);
console.log(`# bench: snippet CPU per search (20 hits), ${searches} searches x ${rounds} rounds`);
for (const [name, bodies] of Object.entries(corpora)) {
  const results = Object.fromEntries(Object.keys(libs).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++)
    for (const [k, lib] of Object.entries(libs)) results[k].push(measure(lib, bodies));
  for (const [k, ms] of Object.entries(results)) {
    const sorted = [...ms].sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(30)} ${k.padEnd(14)} median ${fmt(sorted[sorted.length >> 1], 3)} ms CPU per search`,
    );
  }
}
