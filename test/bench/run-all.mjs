// Runs every bench one after the other, each in its own process (own services, own cleanup), and
// passes the command line on (e.g. `npm run bench -- --runs 5`).
//
//   node test/bench/run-all.mjs [--runs N]
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BENCHES = [
  'ticket-create.bench.mjs',
  'queue-view.bench.mjs',
  'reads.bench.mjs',
  'sla-report.bench.mjs',
  'mail-throughput.bench.mjs',
  'web-throttled.bench.mjs',
  'kb-search.bench.mjs',
];
const args = process.argv.slice(2);
const shared = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs' && args[i + 1] !== undefined) shared.push('--runs', args[++i]);
  else if (args[i].startsWith('--runs=')) shared.push(args[i]);
  else {
    console.error(`usage: node test/bench/run-all.mjs [--runs N] (unknown argument ${args[i]})`);
    process.exit(2);
  }
}

let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // The bench cleans up its own services on the signal; wait for it, then stop.
    if (current && current.exitCode === null) current.kill(signal);
    else process.exit(130);
  });
}

const results = [];
for (const bench of BENCHES) {
  console.log(`\n==================== ${bench} ${shared.join(' ')}\n`);
  const t0 = Date.now();
  const code = await new Promise((res) => {
    current = spawn(process.execPath, [join(here, bench), ...shared], { stdio: 'inherit' });
    current.once('exit', (c, s) => res(c ?? (s ? 1 : 0)));
  });
  results.push({ bench, code, seconds: Math.round((Date.now() - t0) / 1000) });
  if (code === 130 || code === 143) break; // interrupted
}

console.log('\n==================== summary');
for (const r of results)
  console.log(
    `${r.bench.padEnd(28)} ${r.code === 0 ? 'completed' : `FAILED (exit ${r.code})`} in ${r.seconds} s`,
  );
console.log('(each bench prints its figures against the targets above)');
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
