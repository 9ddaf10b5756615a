// Knowledge-base search and suggest over 50,000 published Indonesian articles: p95 < 30 ms for
// GET /api/v1/kb/search, < 15 ms for GET /api/v1/kb/suggest (the report form calls it on every
// pause in typing). Seeds the articles once with SQL, then per endpoint: sequential requests over a
// set of queries (exact percentiles) and autocannon at 8 connections.
//
//   node test/bench/kb-search.bench.mjs [--articles 50000] [--requests 300] [--warmup 30] [--cannon 5]
//
// The generated text is plain lower-case words, so the stems are computed here the way
// @desk/text-search computes them for such words (the stem, and the word itself when it differs):
// the same Sastrawi dictionary with the desk's extra roots.
import { createRequire } from 'node:module';
import {
  assertAlive,
  connectDb,
  cpuLine,
  fmt,
  login,
  main,
  parseOptions,
  printTable,
  runAutocannon,
  sampleCpu,
  startStack,
  summarise,
  verdict,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const { Stemmer } = require('sastrawijs');

const TARGET = { search: 30, suggest: 15 };
const opts = parseOptions({ articles: 50_000, requests: 300, warmup: 30, cannon: 5 });

const stemmer = new Stemmer();
for (const root of ['reset', 'login', 'instal', 'update', 'restart', 'backup', 'printer', 'email', 'server'])
  stemmer.internalDictionary[root] = '';
const stems = new Map();
const stemOf = (w) => {
  if (!stems.has(w)) stems.set(w, w.length > 3 ? stemmer.stem(w) || w : w);
  return stems.get(w);
};
const searchText = (text) =>
  text
    .split(' ')
    .flatMap((w) => (stemOf(w) === w ? [w] : [stemOf(w), w]))
    .join(' ');

const SUBJECTS = [
  'printer',
  'komputer',
  'laptop',
  'wifi',
  'jaringan',
  'email',
  'vpn',
  'srikandi',
  'sipd',
  'website',
  'server',
  'scanner',
  'proyektor',
  'aplikasi',
  'akun',
  'router',
  'monitor',
  'keyboard',
  'telepon',
  'kamera',
];
const PROBLEMS = [
  'tidak bisa mencetak',
  'tidak dapat terhubung',
  'sering terputus',
  'lambat saat dibuka',
  'gagal login',
  'meminta kata sandi terus',
  'tidak menyala',
  'menampilkan pesan kesalahan',
  'tidak bisa diperbarui',
  'perlu dikonfigurasi ulang',
  'tidak terdeteksi',
  'berhenti merespons',
  'tidak bisa menyimpan data',
  'harus diinstal ulang',
  'tidak bisa mengirim pesan',
];
const PLACES = ['ruang rapat', 'loket pelayanan', 'sekretariat', 'bidang keuangan', 'aula', 'ruang kepala'];
const WORDS = (
  'periksa pastikan nyalakan matikan sambungkan lepaskan pilih buka tutup simpan hapus ulangi tunggu ' +
  'laporkan hubungi mengonfigurasi konfigurasi pengaturan diperbaiki perbaikan memperbarui pembaruan ' +
  'menyambungkan sambungan pencetakan dicetak menginstal pemasangan dipasang kabel daya jaringan ' +
  'kantor pegawai teknisi layanan data dokumen berkas folder sandi pengguna perangkat lunak keras ' +
  'sebelum sesudah kemudian lalu jika tidak bisa dapat harus sudah belum masih setiap hari minggu menit ' +
  'antrean spooler driver alamat ip dhcp browser cookie sertifikat lisensi cadangan pemulihan'
).split(' ');

function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

async function seedArticles(db, total) {
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM kb_article`)).rows;
  if (n >= total) return;
  const author = (await db.query(`SELECT id FROM app_user WHERE email = 'supervisor@demo.go.id'`)).rows[0].id;
  const rand = rng(42);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const t0 = performance.now();
  const BATCH = 2000;
  for (let done = 0; done < total; done += BATCH) {
    const cols = {
      title: [],
      body: [],
      kind: [],
      vis: [],
      tags: [],
      tstem: [],
      bstem: [],
      xstem: [],
      tsearch: [],
    };
    for (let i = done; i < Math.min(total, done + BATCH); i++) {
      const subject = pick(SUBJECTS);
      const title = `${subject} ${pick(PROBLEMS)} di ${pick(PLACES)} ${i}`;
      const words = Array.from({ length: 60 + Math.floor(rand() * 80) }, () => pick(WORDS));
      const body = `${subject} ${words.join(' ')}`;
      const r = rand();
      cols.title.push(title);
      cols.body.push(body);
      cols.kind.push(pick(['howto', 'faq', 'known_error']));
      cols.vis.push(r < 0.7 ? 'public' : r < 0.9 ? 'agents' : r < 0.95 ? 'tier2' : 'csirt');
      cols.tags.push(`{${subject}}`);
      cols.tstem.push(searchText(title));
      cols.bstem.push(searchText(body));
      cols.xstem.push(subject);
      cols.tsearch.push(title);
    }
    await db.query(
      `INSERT INTO kb_article (title, body, body_html, body_text, kind, visibility, status, tags, author_id,
                               reviewer_id, title_search, search_vector, published_at)
       SELECT t, b, '<p>' || b || '</p>', b, k, v, 'published', tg::text[], $10, $10, ts,
              setweight(to_tsvector('simple', st), 'A') || setweight(to_tsvector('simple', sb), 'B')
                || setweight(to_tsvector('simple', sx), 'C'), now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[]) AS x(t, b, k, v, tg, st, sb, sx, ts)`,
      [
        cols.title,
        cols.body,
        cols.kind,
        cols.vis,
        cols.tags,
        cols.tstem,
        cols.bstem,
        cols.xstem,
        cols.tsearch,
        author,
      ],
    );
  }
  await db.query('VACUUM ANALYZE kb_article');
  console.log(`seeded ${total.toLocaleString('en')} articles in ${fmt((performance.now() - t0) / 1000)} s`);
}

const SEARCHES = [
  'printer tidak bisa mencetak',
  'konfigurasi wifi',
  'mengonfigurasi router',
  'perbaikan jaringan',
  'pinter',
  'reset kata sandi srikandi',
  'vpn sering terputus',
  'email tidak bisa mengirim',
];
const SUGGESTS = [
  'printer tidak bi',
  'wifi sering',
  'lupa kata san',
  'email tidak bisa meng',
  'vpn',
  'srikandi gag',
];

async function timedGet(url, headers) {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t0;
}

await main(async () => {
  console.log(
    `# bench: knowledge-base search and suggest over ${opts.articles.toLocaleString('en')} articles, ` +
      `${opts.requests} sequential requests per endpoint (after ${opts.warmup} warm-up) + ` +
      `${opts.cannon} s autocannon at 8 connections`,
  );
  const stack = await startStack({ name: 'kb' });
  const { db, end } = await connectDb(stack.databaseUrl);
  await seedArticles(db, opts.articles);
  const token = await login(stack.baseUrl, 'pegawai@demo.go.id');
  const headers = { authorization: `Bearer ${token}` };
  const endpoints = [
    { name: 'search', queries: SEARCHES, extra: '' },
    { name: 'suggest', queries: SUGGESTS, extra: '' },
  ];
  const rows = [
    [
      'endpoint',
      'seq p50',
      'seq p95',
      'seq p99',
      'result',
      '8c req/s',
      '8c p50',
      '8c p95',
      '8c p99',
      'result',
    ],
  ];
  const missed = [];
  for (const ep of endpoints) {
    const urls = ep.queries.map((q) => `${stack.baseUrl}/api/v1/kb/${ep.name}?q=${encodeURIComponent(q)}`);
    const hits = await (await fetch(urls[0], { headers })).json();
    console.log(
      `  ${ep.name} "${ep.queries[0]}": ${hits.items.length} hits, first "${hits.items[0]?.title}"`,
    );
    for (let i = 0; i < opts.warmup; i++) await timedGet(urls[i % urls.length], headers);
    const samples = [];
    for (let i = 0; i < opts.requests; i++) samples.push(await timedGet(urls[i % urls.length], headers));
    const seq = summarise(samples);
    const cpuMeter = sampleCpu(stack);
    const cannon = await runAutocannon({
      url: stack.baseUrl,
      headers,
      connections: 8,
      duration: opts.cannon,
      timeout: 10,
      requests: urls.map((u) => ({ method: 'GET', path: u.slice(stack.baseUrl.length) })),
    });
    const cpu = cpuMeter.stop();
    const conc = summarise(cannon.latencies);
    const bad = cannon.result.non2xx + cannon.result.errors;
    const target = TARGET[ep.name];
    console.log(
      `  ${ep.name.padEnd(8)} sequential p50 ${fmt(seq.p50)} / p95 ${fmt(seq.p95)} / p99 ${fmt(seq.p99)} ms | ` +
        `8 conn: ${fmt(cannon.result.requests.average, 0)} req/s, p50 ${fmt(conc.p50)} / p95 ${fmt(conc.p95)} / ` +
        `p99 ${fmt(conc.p99)} ms, non-2xx+errors ${bad}`,
    );
    console.log(`  ${''.padEnd(8)} CPU under 8 conn (% of one core): ${cpuLine(cpu)}`);
    rows.push([
      ep.name,
      fmt(seq.p50),
      fmt(seq.p95),
      fmt(seq.p99),
      verdict(seq.p95 < target),
      fmt(cannon.result.requests.average, 0),
      fmt(conc.p50),
      fmt(conc.p95),
      fmt(conc.p99),
      verdict(conc.p95 < target && bad === 0),
    ]);
    if (!(seq.p95 < target)) missed.push(`${ep.name} sequential p95 ${fmt(seq.p95)} ms >= ${target} ms`);
    if (!(conc.p95 < target)) missed.push(`${ep.name} 8-connection p95 ${fmt(conc.p95)} ms >= ${target} ms`);
    if (bad) missed.push(`${ep.name}: ${bad} non-2xx or errors under 8 connections`);
  }
  assertAlive(stack);
  await end();
  console.log(
    `\n## knowledge base: targets p95 search < ${TARGET.search} ms, suggest < ${TARGET.suggest} ms`,
  );
  printTable(rows);
  if (missed.length) console.log(`\nmissed:\n  ${missed.join('\n  ')}`);
  return missed.length ? 1 : 0;
});
