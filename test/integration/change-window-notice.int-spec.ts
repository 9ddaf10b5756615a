import { QueueName, QueueService } from '@desk/queue';
import { approve, fileChange, movePhase } from '../support/factories/change.factory';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { startApi, TestApi, testConfig, waitFor } from '../support/harness';
import { SmtpSink } from '../support/mail';
import { startWorkerProcess, WorkerProcess } from '../support/worker-process';
import { countOf } from '../support/db';

jest.setTimeout(180_000);

const LEAD_MS = 24 * 3600_000;
const HOUR = 3600_000;

/**
 * The affected PDs' Tier 1 desks are mailed a day before a scheduled change window: one delayed
 * job per window revision, claimed in PostgreSQL, so a SIGKILLed worker, a lost job or the
 * reconciliation racing the job send the notice exactly once.
 */
describe('Pre-window notice of scheduled changes', () => {
  let api: TestApi;
  let org: TestOrg;
  const sink = new SmtpSink();
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    await sink.start();
    api = await startApi(
      await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200', SLA_RECONCILE_MS: '1000' }),
    );
    org = await createOrg(api.app);
  });
  afterAll(async () => {
    for (const w of workers) await w.kill();
    await api?.close();
    await sink.stop();
  });

  const worker = async () => {
    const w = await startWorkerProcess(api.config);
    workers.push(w);
    return w;
  };
  const notices = (u: TestUser, number: string) =>
    sink.to(u.email).filter((m) => m.subject.startsWith(`[${number}] Jadwal perubahan`));
  const noticeTimeline = async (id: string) =>
    await countOf(
      api.dataSource,
      `SELECT count(*)::int AS n FROM change_event WHERE change_id = $1 AND type = 'window-notice'`,
      [id],
    );

  /** A change by PD A, naming PD B too, approved and in development; its notice falls due in `inMs`. */
  async function scheduled(inMs: number, title: string) {
    const { tier1A, supervisor } = org.users;
    const start = new Date(Date.now() + LEAD_MS + inMs);
    const c = await fileChange(api, tier1A, {
      title,
      systems: ['LAN Kantor Bupati'],
      affectedUnitIds: [org.pdB.id],
      plannedStart: start.toISOString(),
      plannedEnd: new Date(start.getTime() + 2 * HOUR).toISOString(),
    });
    await movePhase(api, tier1A, c.id, 'analysis');
    await movePhase(api, tier1A, c.id, 'approval');
    await movePhase(api, supervisor, c.id, 'development', approve);
    return c;
  }

  it('should mail the Tier 1 desks of the owning and the named PDs once, across a SIGKILLed worker', async () => {
    const { tier1A, tier1A2, tier1B, requesterA, unitHeadB } = org.users;
    const first = await worker();
    const c = await scheduled(8_000, 'Penggantian router inti kantor bupati');
    const queue = api.app.get(QueueService).queue(QueueName.ChangeTimers);
    await waitFor(
      async () => (await queue.getJob(`change-notice_${c.id}_r1`)) ?? null,
      15_000,
      'the armed notice job',
    );
    await first.kill();
    expect(notices(tier1A, c.number)).toHaveLength(0);

    await worker();
    for (const u of [tier1A, tier1A2, tier1B])
      await waitFor(async () => notices(u, c.number).length > 0, 30_000, `notice to ${u.email}`);
    // A few reconciliation passes later, still exactly once each, and nobody else.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const u of [tier1A, tier1A2, tier1B]) expect(notices(u, c.number)).toHaveLength(1);
    for (const u of [requesterA, unitHeadB]) expect(notices(u, c.number)).toHaveLength(0);
    expect(await noticeTimeline(c.id)).toBe(1);
    const [mail] = notices(tier1B, c.number);
    expect(mail.text).toContain('LAN Kantor Bupati');
    expect(mail.text).toContain(`/changes/${c.id}`);
  });

  it('should send a notice whose job Redis lost, from the reconciliation, once', async () => {
    const { tier1A, tier1B } = org.users;
    const c = await scheduled(3_000, 'Migrasi server surel ke pusat data');
    const queue = api.app.get(QueueService).queue(QueueName.ChangeTimers);
    const job = await waitFor(
      async () => (await queue.getJob(`change-notice_${c.id}_r1`)) ?? null,
      15_000,
      'job',
    );
    await job.remove();
    await waitFor(async () => notices(tier1B, c.number).length > 0, 30_000, 'the reconciled notice');
    await new Promise((r) => setTimeout(r, 2_500));
    expect(notices(tier1A, c.number)).toHaveLength(1);
    expect(notices(tier1B, c.number)).toHaveLength(1);
  });

  it('should tell the desks again when the moved window is approved, and never about an unapproved change', async () => {
    const { tier1A, tier1B } = org.users;
    const c = await scheduled(1_000, 'Pembaruan firewall perimeter');
    await waitFor(async () => notices(tier1B, c.number).length > 0, 30_000, 'the first notice');
    const current = (await api.http.get(`/api/v1/changes/${c.id}`).set(tier1A.auth)).body;
    const start = new Date(Date.now() + LEAD_MS + 1_000);
    const moved = await api.http
      .patch(`/api/v1/changes/${c.id}`)
      .set(tier1A.auth)
      .send({
        plannedStart: start.toISOString(),
        plannedEnd: new Date(start.getTime() + 3 * HOUR).toISOString(),
        version: current.version,
      });
    expect(moved.status).toBe(200);
    // A moved window voids the approval: nobody is told of it until the supervisor approves it.
    expect(moved.body).toMatchObject({ phase: 'approval', approvalStatus: 'pending' });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(notices(tier1B, c.number)).toHaveLength(1);
    await movePhase(api, org.users.supervisor, c.id, 'development', approve);
    await waitFor(async () => notices(tier1B, c.number).length > 1, 30_000, 'the notice of the new window');

    // Due now, but still planning: nobody is told.
    const unapproved = await fileChange(api, tier1A, {
      title: 'Rencana yang belum disetujui',
      affectedUnitIds: [org.pdB.id],
      plannedStart: new Date(Date.now() + HOUR).toISOString(),
      plannedEnd: new Date(Date.now() + 2 * HOUR).toISOString(),
    });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(notices(tier1B, c.number)).toHaveLength(2);
    expect(notices(tier1B, unapproved.number)).toHaveLength(0);
  });
});
