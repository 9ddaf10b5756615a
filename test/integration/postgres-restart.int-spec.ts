import { dataSourceOptions } from '@desk/database';
import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { validTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi, testConfig } from '../support/harness';

/**
 * docs/security.md: while PostgreSQL restarts, requests answer 503; afterwards the same api process
 * serves again without a restart. Runs on a PostgreSQL of its own, so other test files are unaffected.
 */
interface PgServer {
  child: ChildProcess;
  port: number;
  url: string;
}

/** Starts test/support/pg-server.mjs and waits for its ready line. */
function startPg(dataDir: string, port?: number): Promise<PgServer> {
  const script = resolve(__dirname, '../support/pg-server.mjs');
  const child = spawn(process.execPath, [script, dataDir, ...(port ? [String(port)] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((res, rej) => {
    child.once('exit', (code) => rej(new Error(`pg-server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => res({ child, ...JSON.parse(line) }));
  });
}

function stopPg(pg: PgServer): Promise<void> {
  return new Promise((res) => {
    if (pg.child.exitCode !== null) return res();
    pg.child.once('exit', () => res());
    pg.child.kill('SIGTERM');
  });
}

describe('PostgreSQL restart', () => {
  const dataDir = join(process.env.TEST_TMP_DIR!, `pg-restart-${process.pid}`);
  let pg: PgServer;
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    pg = await startPg(dataDir);
    const ds = new DataSource(dataSourceOptions({ url: pg.url }));
    await ds.initialize();
    await ds.runMigrations();
    await ds.destroy();
    api = await startApi(await testConfig({ DATABASE_URL: pg.url }));
    org = await createOrg(api.app);
  });

  afterAll(async () => {
    await api?.close();
    if (pg) await stopPg(pg);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const listTickets = () => api.http.get('/api/v1/tickets').set(org.users.requesterA.auth);

  it('should answer 503 while PostgreSQL is down and recover by itself when it is back', async () => {
    expect((await listTickets()).status).toBe(200);
    await stopPg(pg);

    const during = await listTickets();
    expect(during.status).toBe(503);
    expect(during.headers['content-type']).toContain('application/problem+json');
    const filing = await api.http.post('/api/v1/tickets').set(org.users.requesterA.auth).send(validTicket());
    expect(filing.status).toBe(503);
    expect((await api.http.get('/ready')).status).toBe(503);

    pg = await startPg(dataDir, pg.port);
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await listTickets()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    const filed = await api.http.post('/api/v1/tickets').set(org.users.requesterA.auth).send(validTicket());
    expect(filed.status).toBe(201);
    expect((await api.http.get('/ready')).status).toBe(200);
  });
});
