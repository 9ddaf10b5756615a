import { AxeBuilder } from '@axe-core/playwright';
import { INestApplicationContext } from '@nestjs/common';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { startApi, startWorker, TestApi, testConfig } from '../../support/harness';

/**
 * What the browser tests share: the built web app, the real api and worker on the demo
 * organisation, Debian's chromium (playwright-core, never a downloaded browser), axe, screenshots
 * (test-results/screenshots/, or apps/web/screenshots/ with UPDATE_SCREENSHOTS=1), and a failure for any uncaught page error.
 */
// page.evaluate callbacks run in the browser; the root tsconfig has no DOM lib, so name what they use.
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { scrollTo: (x: number, y: number) => void };
declare const localStorage: { setItem: (key: string, value: string) => void };

export const ROOT = resolve(__dirname, '../../..');
const WEB = join(ROOT, 'apps/web');
export const DIST = join(WEB, 'dist');
// The tracked screenshots (shown in the READMEs) change only when asked: UPDATE_SCREENSHOTS=1 npm test.
export const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(WEB, 'screenshots')
  : join(ROOT, 'test-results/screenshots');
export const PASSWORD = 'Demo#2026';
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Inside the web app's node_modules: ignored by git, and per checkout.
const BUILD_LOCK = join(WEB, 'node_modules', '.web-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'screenshots') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsFresh(): boolean {
  const index = join(DIST, 'index.html');
  // index.html, public/ (boot.js) and build/ (the Vite plugins) shape the build as much as src/.
  const sources = Math.max(
    newestMtime(join(WEB, 'src')),
    newestMtime(join(WEB, 'public')),
    newestMtime(join(WEB, 'build')),
    statSync(join(WEB, 'index.html')).mtimeMs,
    newestMtime(join(ROOT, 'libs/contracts/src')),
  );
  return existsSync(index) && statSync(index).mtimeMs > sources;
}

/**
 * Builds the web app when dist is missing or older than its sources (or the shared contracts).
 * Browser test files may run side by side: one builds under a lock, the others wait for it.
 */
async function ensureWebBuild(): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (buildIsFresh()) return;
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // A lock older than any build is a leftover of a killed run.
      if (Date.now() - statSync(BUILD_LOCK, { throwIfNoEntry: false })!.mtimeMs > 240_000)
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the web build of another test file');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (buildIsFresh()) return;
    const result = spawnSync('npm', ['--prefix', WEB, 'run', 'build'], {
      cwd: ROOT,
      // jest runs with NODE_ENV=test, which would give React's development build: test what ships.
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (result.status !== 0) {
      throw new Error(
        `web build failed (did 'npm --prefix apps/web ci' run?):\n${result.stdout}\n${result.stderr}`,
      );
    }
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Runs in the page: the innermost elements whose right edge passes the viewport's. */
const WIDER_THAN_SCREEN = `(() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.getBoundingClientRect().right <= innerWidth + 0.5) continue;
    if ([...el.children].some((c) => c.getBoundingClientRect().right > innerWidth + 0.5)) continue;
    const id = el.getAttribute('data-testid') || el.className.toString().slice(0, 60);
    out.push(el.tagName.toLowerCase() + '[' + id + '] ' + (el.textContent || '').trim().slice(0, 40));
    if (out.length >= 8) break;
  }
  return out;
})()`;

export interface MailCapture {
  url: string;
  mailDir: string;
  stop: () => void;
}

/**
 * The SMTP capture of `npm start` (scripts/dev-services.mjs), whose folder the api's mail viewer
 * reads. It runs in a child process: jest's module system cannot import a plain ESM script.
 */
export async function startMailCapture(mailDir: string): Promise<MailCapture> {
  const script = `import(${JSON.stringify(join(ROOT, 'scripts/dev-services.mjs'))})
    .then((m) => m.startSmtpCapture({ mailDir: ${JSON.stringify(mailDir)} }))
    .then((s) => console.log(JSON.stringify({ url: s.url })));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveUrl((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`SMTP capture exited (${code})`)));
  });
  return { url, mailDir, stop: () => void child.kill() };
}

export interface BrowserDesk {
  api: TestApi;
  /** The worker relays outbox events: escalation routing, live queues and mail need it. */
  worker: INestApplicationContext;
  browser: Browser;
  base: string;
  newPage(viewport: { width: number; height: number }, token?: string): Promise<Page>;
  tokenFor(email: string): Promise<string>;
  signedIn(email: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** No serious or critical accessibility violation on the page (or inside `include`) as it is now. */
  expectAccessible(page: Page, what: string, include?: string): Promise<void>;
  /** A full-page screenshot to SHOTS/<name>.png, toasts hidden. */
  shot(page: Page, name: string): Promise<void>;
  /** The page is no wider than its viewport (no sideways scrolling on a phone). */
  expectNoSideScroll(page: Page, width?: number): Promise<void>;
}

/**
 * Registers the suite's hooks and returns the desk, filled in by `beforeAll`. `env` is read then,
 * so an earlier `beforeAll` may prepare what it names (an SMTP capture, say).
 */
export function useBrowserDesk(env: () => Record<string, string> = () => ({})): BrowserDesk {
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const desk = {} as BrowserDesk;

  beforeAll(async () => {
    await ensureWebBuild();
    mkdirSync(SHOTS, { recursive: true });
    desk.api = await startApi(
      await testConfig({ WEB_DIST_DIR: DIST, DEMO_SEED: 'true', RUN_MIGRATIONS: 'false', ...env() }),
    );
    desk.worker = await startWorker(desk.api.config);
    desk.base = `http://127.0.0.1:${desk.api.app.getHttpServer().address().port}`;
    desk.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await desk.browser?.close();
    await desk.worker?.close();
    await desk.api?.close();
  });

  afterEach(() => {
    // Any uncaught exception in the page fails the scenario that caused it.
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  desk.newPage = async (viewport, token) => {
    const context = await desk.browser.newContext({
      viewport,
      locale: 'id-ID',
      timezoneId: 'Asia/Makassar',
      acceptDownloads: true,
    });
    contexts.push(context);
    if (token) await context.addInitScript((t) => localStorage.setItem('desk.token', t), token);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };

  desk.tokenFor = async (email) => {
    const res = await desk.api.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  };

  desk.signedIn = async (email, viewport = DESKTOP) => desk.newPage(viewport, await desk.tokenFor(email));

  desk.expectAccessible = async (page, what, include) => {
    // A dialog is checked alone: the page behind its overlay is dimmed on purpose.
    const builder = new AxeBuilder({ page });
    const result = await (include ? builder.include(include) : builder).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${what}: ${v.id} (${v.impact}) ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
      );
    expect(bad).toEqual([]);
  };

  desk.shot = async (page, name) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    // Toasts come and go; the README pictures show the page itself.
    await page.screenshot({
      path: join(SHOTS, `${name}.png`),
      fullPage: true,
      style: '.mantine-Notifications-root { display: none }',
    });
  };

  desk.expectNoSideScroll = async (page, width = PHONE.width) => {
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth <= width) return;
    // Name the innermost elements that stick out, so a failure says where to look.
    const wider: string[] = await page.evaluate(WIDER_THAN_SCREEN);
    throw new Error(`the page is ${scrollWidth} px wide on a ${width} px screen: ${wider.join(' | ')}`);
  };

  return desk;
}
