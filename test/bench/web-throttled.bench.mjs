// The web on a slow phone: Debian's Chromium (playwright-core, never a downloaded browser) with
// CDP network throttling (1.6 Mbit/s down, 150 ms RTT) and a 4x CPU slowdown, a cold cache for
// every load, and per page the first contentful paint, the time until its content is there and
// the bytes it moved over the wire (compressed, as received): JS, CSS and everything.
//
//   node test/bench/web-throttled.bench.mjs [--runs N] [--build] [--waterfall]
//
// `--waterfall` also prints, per load, every request with its start and end (ms after navigation)
// and the long main-thread tasks: where the time between the first paint and the content goes.
//
// It serves apps/web/dist as built (`--build` or a missing dist runs the web build first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import {
  DEMO_PASSWORD,
  fmt,
  main,
  median,
  parseOptions,
  printTable,
  ROOT,
  startStack,
  verdict,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const opts = parseOptions({ runs: 3 }, ['build', 'waterfall']);
const WEB = join(ROOT, 'apps/web');
// WEB_DIST_DIR serves another build (e.g. a copy of the one before a change, to compare back to back).
const DIST = process.env.WEB_DIST_DIR ?? join(WEB, 'dist');

// test/bench/README.md: the throttled phone and the web's targets.
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CPU_SLOWDOWN = 4;
const SIGN_IN_BUDGET_KB = 350;
const FCP_TARGET_MS = 2500;

/** The pages measured: who is signed in, where, and what shows the page is there. */
const PAGES = [
  { name: 'sign-in', path: '/login', user: null, ready: 'input[type=password]', fcpTarget: true },
  {
    name: 'report a problem',
    path: '/tickets/new',
    user: 'pegawai@demo.go.id',
    ready: 'form textarea',
    fcpTarget: true,
  },
  { name: 'my tickets', path: '/tickets', user: 'pegawai@demo.go.id', ready: 'main h1' },
  { name: 'workspace', path: '/workspace', user: 'tier1@demo.go.id', ready: '[data-testid=queue-title]' },
  {
    name: 'dashboard',
    path: '/dashboard',
    user: 'supervisor@demo.go.id',
    ready: '[data-testid=report-summary]',
  },
];

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function buildWeb() {
  console.log('building the web (npm --prefix apps/web run build) ...');
  const r = spawnSync('npm', ['--prefix', WEB, 'run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('web build failed');
}

async function login(baseUrl, email) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login of ${email}: HTTP ${res.status}`);
  return (await res.json()).accessToken;
}

/** One cold load of one page on the throttled phone. */
async function measure(browser, baseUrl, page, token) {
  // A fresh context has an empty cache and no service worker: every byte comes over the wire.
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
  });
  try {
    if (token) {
      await context.addInitScript((t) => globalThis.localStorage.setItem('desk.token', t), token);
    }
    // Marks, in the page's own time, the first frame in which the page's content (its form on the
    // sign-in and report pages) is visible: an inline loading screen paints first, so FCP alone says
    // little about when the user can type.
    // The sign-in and report forms paint from the HTML first (index.html's static forms): "app" is
    // the first frame in which the app's own content (inside #root) is visible, i.e. it took over.
    await context.addInitScript((selector) => {
      const g = globalThis;
      const mark = (query, key) => {
        const el = g.document.querySelector(query);
        if (!el || !el.getBoundingClientRect().height) return false;
        g.requestAnimationFrame(() => {
          g[key] ??= g.performance.now();
        });
        return true;
      };
      let content = false;
      let app = false;
      const observer = new g.MutationObserver(() => {
        content ||= mark(selector, '__contentVisible');
        app ||= mark(`#root ${selector}`, '__appVisible');
        if (content && app) observer.disconnect();
      });
      observer.observe(g.document, { childList: true, subtree: true, attributes: true });
    }, page.ready);
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

    await tab.addInitScript(() => {
      const g = globalThis;
      g.__longTasks = [];
      try {
        new g.PerformanceObserver((list) => {
          for (const e of list.getEntries())
            g.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
        }).observe({ type: 'longtask', buffered: true });
      } catch {
        /* no long-task timing in this browser */
      }
    });
    const requests = new Map(); // requestId -> { url, type, start, end, size }
    const bytes = { js: 0, css: 0, total: 0 };
    const urls = [];
    cdp.on('Network.requestWillBeSent', (e) => {
      requests.set(e.requestId, { url: e.request.url, type: e.type, start: e.timestamp });
      urls.push(e.request.url);
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.type = e.type;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) Object.assign(r, { end: e.timestamp, size: e.encodedDataLength });
      bytes.total += e.encodedDataLength;
      if (r?.type === 'Script') bytes.js += e.encodedDataLength;
      if (r?.type === 'Stylesheet') bytes.css += e.encodedDataLength;
    });

    const t0 = Date.now();
    await tab.goto(`${baseUrl}${page.path}`, { waitUntil: 'commit', timeout: 120_000 });
    await tab.waitForSelector(page.ready, { state: 'visible', timeout: 120_000 });
    const readyMs = Date.now() - t0;
    await tab.waitForSelector(`#root ${page.ready}`, { state: 'visible', timeout: 120_000 });
    // Let the requests the page makes once it is there finish (lists, counts), then read the paint.
    await tab.waitForTimeout(1500);
    const fcp = await tab.evaluate(
      () => globalThis.performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    const visible = await tab.evaluate(() => globalThis.__contentVisible ?? null);
    const app = await tab.evaluate(() => globalThis.__appVisible ?? null);
    if (opts.waterfall) await printWaterfall(tab, page, requests);
    await cdp.detach().catch(() => undefined);
    return {
      fcp,
      visible,
      app,
      readyMs,
      ...bytes,
      docs: urls.filter((u) => new URL(u).pathname.startsWith('/api/docs')),
    };
  } finally {
    await context.close();
  }
}

/** Each request of one load (ms after the document's request) and the long tasks, in order. */
async function printWaterfall(tab, page, requests) {
  const all = [...requests.values()].sort((a, b) => a.start - b.start);
  const t0 = all[0]?.start ?? 0;
  const ms = (t) => (t === undefined ? '-' : String(Math.round((t - t0) * 1000)));
  const tasks = await tab.evaluate(() => globalThis.__longTasks ?? []);
  const rows = [['request', 'type', 'start ms', 'end ms', 'KB']];
  for (const r of all) {
    const u = new URL(r.url);
    rows.push([u.pathname + u.search, r.type ?? '', ms(r.start), ms(r.end), fmt((r.size ?? 0) / 1024, 1)]);
  }
  console.log(`\nwaterfall of ${page.name}`);
  printTable(rows);
  console.log(
    `long tasks (start ms in page time, duration ms): ${tasks.map(([s, d]) => `${s}+${d}`).join(' ')}\n`,
  );
}

await main(async () => {
  if (opts.build || !existsSync(join(DIST, 'index.html'))) buildWeb();
  const stack = await startStack({ name: 'web', env: { WEB_DIST_DIR: DIST } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const tokens = {};
    for (const p of PAGES) if (p.user && !tokens[p.user]) tokens[p.user] = await login(stack.baseUrl, p.user);

    // One unthrottled load first so the api has its caches and JIT warm (not counted).
    await measure(browser, stack.baseUrl, PAGES[0], null);

    const kb = (n) => fmt(n / 1024, 0);
    const rows = [
      [
        'page',
        'run',
        'FCP ms',
        'content ms',
        'app ms',
        'ready ms',
        'JS KB',
        'CSS KB',
        'JS+CSS KB',
        'total KB',
      ],
    ];
    const results = [];
    let docsFetched = [];
    for (const p of PAGES) {
      const runs = [];
      for (let i = 1; i <= opts.runs; i++) {
        const r = await measure(browser, stack.baseUrl, p, p.user ? tokens[p.user] : null);
        runs.push(r);
        docsFetched = docsFetched.concat(r.docs);
        rows.push([
          p.name,
          i,
          fmt(r.fcp, 0),
          fmt(r.visible, 0),
          fmt(r.app, 0),
          r.readyMs,
          kb(r.js),
          kb(r.css),
          kb(r.js + r.css),
          kb(r.total),
        ]);
        console.log(
          `${p.name} run ${i}: FCP ${fmt(r.fcp, 0)} ms, content ${fmt(r.visible, 0)} ms, app ${fmt(r.app, 0)} ms, ready ${r.readyMs} ms, ${kb(r.total)} KB`,
        );
      }
      const m = (k) => median(runs.map((r) => (k === 'jscss' ? r.js + r.css : r[k])));
      results.push({
        page: p,
        fcp: m('fcp'),
        visible: m('visible'),
        app: m('app'),
        ready: m('readyMs'),
        js: m('js'),
        css: m('css'),
        jscss: m('jscss'),
        total: m('total'),
      });
    }
    console.log(
      `\nthrottled phone: ${fmt(NETWORK.downloadThroughput * 8e-6)} Mbit/s down, ${NETWORK.latency} ms RTT, ` +
        `${CPU_SLOWDOWN}x CPU slowdown, 360x740, cold cache; ${opts.runs} run(s) per page\n`,
    );
    printTable(rows);
    console.log('\nmedians (bytes as transferred, i.e. compressed when the server compressed them)\n');
    printTable([
      [
        'page',
        'FCP ms',
        'content ms',
        'app ms',
        'ready ms',
        'JS KB',
        'CSS KB',
        'JS+CSS KB',
        'total KB',
        'target',
      ],
      ...results.map((r) => [
        r.page.name,
        fmt(r.fcp, 0),
        fmt(r.visible, 0),
        fmt(r.app, 0),
        fmt(r.ready, 0),
        kb(r.js),
        kb(r.css),
        kb(r.jscss),
        kb(r.total),
        r.page.fcpTarget ? `form < ${FCP_TARGET_MS} ms: ${verdict(r.visible < FCP_TARGET_MS)}` : '',
      ]),
    ]);
    const signIn = results[0];
    const budgetOk = signIn.jscss <= SIGN_IN_BUDGET_KB * 1024;
    console.log(
      `\nsign-in JS+CSS ${kb(signIn.jscss)} KB (budget ${SIGN_IN_BUDGET_KB} KB): ${verdict(budgetOk)}`,
    );
    console.log(`requests to /api/docs: ${docsFetched.length} ${verdict(docsFetched.length === 0)}`);
    // The target is the form painted, not the loading screen (FCP).
    const fcpOk = results.filter((r) => r.page.fcpTarget).every((r) => r.visible < FCP_TARGET_MS);
    return budgetOk && fcpOk && docsFetched.length === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
});
