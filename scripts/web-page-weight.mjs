// Brotli bytes of the JS a page needs before it shows: index.html's entry plus the static import
// closure of each page chunk named on the command line, and whether the @mantine/dates chunk is in it.
// Usage: node scripts/web-page-weight.mjs apps/web/dist/assets LoginPage NewTicketPage TicketPage
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
const files = readdirSync(dir);
const br = (f) =>
  existsSync(join(dir, f + '.br'))
    ? readFileSync(join(dir, f + '.br')).length
    : readFileSync(join(dir, f)).length;
function closure(start, seen = new Set()) {
  if (seen.has(start)) return seen;
  seen.add(start);
  const src = readFileSync(join(dir, start), 'utf8');
  for (const m of src.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) closure(m[1], seen);
  return seen;
}
const html = readFileSync(join(dir, '..', 'index.html'), 'utf8');
const entry = [...html.matchAll(/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const base = new Set();
for (const e of entry) {
  if (e.endsWith('.js')) closure(e, base);
  else base.add(e);
}
for (const page of process.argv.slice(3)) {
  const f = files.find((x) => x.startsWith(page + '-') && x.endsWith('.js'));
  const set = closure(f, new Set(base));
  const total = [...set].reduce((n, x) => n + br(x), 0);
  console.log(
    page.padEnd(20),
    String(total).padStart(8),
    'B br',
    [...set].some(
      (x) => x.startsWith('dates-') && readFileSync(join(dir, x), 'utf8').includes('DatePickerInput'),
    )
      ? 'DATES!'
      : 'no dates',
  );
}
