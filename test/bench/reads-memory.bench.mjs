// The api's resident memory (RSS) under the read load, one api process, for several start-up
// variants in one sitting on the same seeded database: the api as it starts by default, and with
// the settings given in BENCH_MEMORY_VARIANTS. Per variant it prints the idle RSS once ready, the
// peak RSS under load (queue page 1 at 8 and 32 connections, GET /tickets/{id} at 32) and the
// api's CPU per request, so a memory setting that costs CPU shows.
//
//   node test/bench/reads-memory.bench.mjs [--tickets 20000] [--duration 6] [--rate 0]
//
// --rate N sends N requests a second in every step (0: as many as the api answers). The peak RSS
// grows with the request rate (V8 lets the heap grow when it allocates fast), so on a shared box
// compare variants at a fixed rate.
//
// BENCH_MEMORY_VARIANTS is a JSON list of { "label", "nodeArgs": [...], "env": {...} }; by default
// the plain process, glibc limited to 2 malloc arenas, a smaller V8 young generation, and both.
// NODE_ENV is development, as in bench:reads;
// BENCH_NODE_ENV=production measures the production start-up (no Swagger document, JSON logs).
import {
  apiPids,
  assertAlive,
  fmt,
  login,
  main,
  meterRequests,
  parseOptions,
  printTable,
  restartApi,
  rssMb,
  runAutocannon,
  sampleRss,
  seedTickets,
  sleep,
  startStack,
  connectDb,
} from './lib.mjs';

const opts = parseOptions({ tickets: 20_000, duration: 6, rate: 0 });
const VARIANTS = process.env.BENCH_MEMORY_VARIANTS
  ? JSON.parse(process.env.BENCH_MEMORY_VARIANTS)
  : [
      { label: 'plain node', env: {} },
      { label: 'MALLOC_ARENA_MAX=2', env: { MALLOC_ARENA_MAX: '2' } },
      { label: '--max-semi-space-size=4', nodeArgs: ['--max-semi-space-size=4'] },
      {
        label: 'both',
        env: { MALLOC_ARENA_MAX: '2' },
        nodeArgs: ['--max-semi-space-size=4'],
      },
    ];

await main(async () => {
  const nodeEnv = process.env.BENCH_NODE_ENV ?? 'development';
  console.log(
    `# bench: api RSS under the read load, ${VARIANTS.length} variant(s), NODE_ENV=${nodeEnv}, ` +
      `${opts.duration} s per load step`,
  );
  // Seeded and migrated as in development; the measured api processes then run with NODE_ENV.
  const stack = await startStack({ name: 'reads-memory', env: { API_PROCESSES: '1' } });
  const { db, end } = await connectDb(stack.databaseUrl);
  await seedTickets(db, opts.tickets);
  await end();
  const baseEnv = { ...stack.env };
  const baseArgs = [...stack.nodeArgs];
  const rows = [['variant', 'idle RSS MB', 'peak RSS MB', 'CPU ms/req q@8', 'q@32', 'id@32']];
  for (const variant of VARIANTS) {
    stack.env = { ...baseEnv, NODE_ENV: nodeEnv, ...(variant.env ?? {}) };
    stack.nodeArgs = [...baseArgs, ...(variant.nodeArgs ?? [])];
    await restartApi(stack, stack.dist);
    const token = await login(stack.baseUrl, 'tier1@demo.go.id');
    const headers = { authorization: `Bearer ${token}` };
    const page = await (
      await fetch(`${stack.baseUrl}/api/v1/tickets?sort=due&status=open&limit=25`, { headers })
    ).json();
    const ids = page.items.map((t) => t.id);
    await sleep(2000);
    const idle = apiPids(stack).reduce((a, pid) => a + (rssMb(pid) ?? 0), 0);
    const rss = sampleRss({ api: () => apiPids(stack) }, 100);
    const cpu = {};
    const steps = [
      [
        'q@8',
        { url: `${stack.baseUrl}/api/v1/tickets?sort=due&status=open&limit=25`, headers, connections: 8 },
      ],
      [
        'q@32',
        { url: `${stack.baseUrl}/api/v1/tickets?sort=due&status=open&limit=25`, headers, connections: 32 },
      ],
      [
        'id@32',
        {
          url: stack.baseUrl,
          headers,
          connections: 32,
          requests: ids.map((id) => ({ method: 'GET', path: `/api/v1/tickets/${id}` })),
        },
      ],
    ];
    for (const [name, cannon] of steps) {
      const paced = opts.rate > 0 ? { ...cannon, overallRate: opts.rate } : cannon;
      await runAutocannon({ ...paced, duration: 2, timeout: 10 });
      const meter = await meterRequests(stack, null);
      const r = await runAutocannon({ ...paced, duration: opts.duration, timeout: 10 });
      const done = r.result.requests.total;
      cpu[name] = (await meter.stop(done)).cpuMs;
      console.log(
        `  ${variant.label}: ${name} ${fmt(done / opts.duration, 0)} req/s, api CPU ${fmt(cpu[name], 2)} ms/req`,
      );
    }
    assertAlive(stack);
    const { peak } = rss.stop();
    rows.push([
      variant.label,
      fmt(idle, 0),
      fmt(peak.api, 0),
      fmt(cpu['q@8'], 2),
      fmt(cpu['q@32'], 2),
      fmt(cpu['id@32'], 2),
    ]);
  }
  console.log('');
  printTable(rows);
  console.log('CPU = utime+stime of the api / requests. The box is shared: compare variants of one sitting.');
  return 0;
});
