import { Client } from 'pg';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { validTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi, testConfig, waitFor } from '../support/harness';
import { SmtpSink } from '../support/mail';
import { startWorkerProcess, WorkerProcess } from '../support/worker-process';

/**
 * The desk under process faults: the worker SIGKILLed under load (the api is not in its path and a
 * supervisor brings it back), and PostgreSQL terminating the api's connections under load (503
 * meanwhile, never a crash). Each prints its figures.
 */
jest.setTimeout(240_000);

describe('Process faults under load', () => {
  let api: TestApi;
  let org: TestOrg;
  const sink = new SmtpSink();

  beforeAll(async () => {
    await sink.start();
    api = await startApi(
      await testConfig({
        SMTP_URL: sink.url,
        MAIL_SWEEP_MS: '500',
        DB_POOL_SIZE: '10',
        OUTBOX_POLL_MS: '200',
      }),
    );
    org = await createOrg(api.app);
  });
  afterAll(async () => {
    await api?.close();
    await sink.stop();
  });

  /** `clients` parallel loops filing tickets until `stop()`; every status counted. */
  function load(clients: number) {
    const statuses = new Map<number, number>();
    let running = true;
    const loops = Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; running; i++) {
        const res = await api.http
          .post('/api/v1/tickets')
          .set(org.users.requesterA.auth)
          .send(validTicket({ title: `Beban ${c}-${i}` }))
          .catch(() => ({ status: 0 }));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    });
    return {
      statuses,
      stop: async () => {
        running = false;
        await Promise.all(loops);
        return Object.fromEntries(statuses);
      },
    };
  }

  it('should keep answering 201 while the worker is SIGKILLed, and have a new worker mail receipts within 30 s', async () => {
    // A supervisor as npm start has: restart a worker that died, with a short backoff.
    let current: WorkerProcess = await startWorkerProcess(api.config, 120_000);
    let restartedAt = 0;
    let back = 0;
    let supervising = true;
    const supervise = (w: WorkerProcess) =>
      w.child.once('exit', () => {
        if (!supervising) return;
        restartedAt = Date.now();
        setTimeout(async () => {
          current = await startWorkerProcess(api.config, 120_000);
          back = (Date.now() - restartedAt) / 1000;
          supervise(current);
        }, 500);
      });
    supervise(current);

    const traffic = load(8);
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 5000));
    await current.kill();
    await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - started))));
    const statuses = await traffic.stop();
    await waitFor(async () => back > 0, 30_000, 'the worker to be back');
    // A ticket filed after the kill gets its receipt from the new worker.
    const res = await api.http
      .post('/api/v1/tickets')
      .set(org.users.requesterA.auth)
      .send(validTicket({ title: 'Setelah worker mati' }));
    expect(res.status).toBe(201);
    await waitFor(
      async () => sink.to(org.users.requesterA.email).some((m) => m.subject.includes(res.body.number)),
      60_000,
      'the receipt of the ticket filed after the kill',
    );
    supervising = false;
    await current.stop();
    const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
    console.log(
      `worker SIGKILL under load: ${answered} requests answered in 20 s by 8 clients, statuses ${JSON.stringify(statuses)}, ` +
        `errors ${answered - (statuses[201] ?? 0)}, worker back after ${back.toFixed(1)} s`,
    );
    expect(Object.keys(statuses)).toEqual(['201']);
    expect(back).toBeLessThan(30);
  });

  it('should answer only 201 or 503 while PostgreSQL terminates the api’s connections, and recover in the same process', async () => {
    const admin = new Client({ connectionString: api.config.DATABASE_URL });
    await admin.connect();
    const database = new URL(api.config.DATABASE_URL).pathname.slice(1);
    const traffic = load(8);
    let terminated = 0;
    const started = Date.now();
    while (Date.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 1000));
      const { rows } = await admin.query(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'spbe-desk-api' AND pid <> pg_backend_pid()`,
        [database],
      );
      terminated += rows[0].n;
    }
    const statuses = await traffic.stop();
    await admin.end();
    // Afterwards the same process answers normally.
    const after = await api.http
      .post('/api/v1/tickets')
      .set(org.users.requesterA.auth)
      .send(validTicket({ title: 'Sesudah koneksi diputus' }));
    expect(after.status).toBe(201);
    expect((await api.http.get('/ready')).status).toBe(200);
    const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
    console.log(
      `pg_terminate_backend under load: ${terminated} backends terminated, ${answered} requests answered, ` +
        `statuses ${JSON.stringify(statuses)}, api pid ${process.pid} unchanged`,
    );
    expect(terminated).toBeGreaterThan(0);
    expect(Object.keys(statuses).filter((s) => s !== '201' && s !== '503')).toEqual([]);
  });
});
