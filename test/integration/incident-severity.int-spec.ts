import { IncidentAckTimerService } from '@desk/incidents';
import { QueueName, QueueService } from '@desk/queue';
import { INestApplicationContext } from '@nestjs/common';
import { reportIncident, walkPhases } from '../support/factories/incident.factory';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { startApi, testConfig, TestApi, waitFor } from '../support/harness';
import { ShiftedClock, SmtpSink, startWorkerWithClock } from '../support/mail';

const MINUTE = 60_000;

describe('Security incidents: the CSIRT re-assesses the severity', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const sink = new SmtpSink();
  const clock = new ShiftedClock();

  beforeAll(async () => {
    await sink.start();
    const config = await testConfig({
      SMTP_URL: sink.url,
      MAIL_SWEEP_MS: '200',
      SLA_RECONCILE_MS: '1000',
    });
    api = await startApi(config);
    org = await createOrg(api.app);
    worker = await startWorkerWithClock(config, clock);
  });
  // Closing waits for the worker's jobs in flight: on a loaded machine that can take a while.
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink.stop();
  }, 120_000);
  afterEach(() => clock.reset());

  const setSeverity = (u: TestUser, id: string, body: object) =>
    api.http.put(`/api/v1/incidents/${id}/severity`).set(u.auth).send(body);
  const view = async (id: string) =>
    (await api.http.get(`/api/v1/incidents/${id}`).set(org.users.csirt.auth)).body;
  const timeline = async (id: string) =>
    (await api.http.get(`/api/v1/incidents/${id}/timeline`).set(org.users.csirt.auth)).body as {
      action: string;
      note: string | null;
      data: Record<string, unknown>;
      actor: { id: string } | null;
    }[];
  const mailsAbout = (u: TestUser, number: string, also = '') =>
    sink.to(u.email).filter((m) => m.subject.includes(number) && m.subject.includes(also));

  /** Every outbox event handled and every mail that can go out sent, so absences are real. */
  async function settled(): Promise<void> {
    const domainEvents = worker.get(QueueService).queue(QueueName.DomainEvents);
    await waitFor(
      async () => {
        const [{ n: outbox }] = await api.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
        );
        const counts = await domainEvents.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        const [{ n: unsent }] = await api.dataSource.query(
          `SELECT count(*)::int AS n FROM mail_message WHERE status IN ('queued', 'sending')`,
        );
        return outbox === 0 && unsent === 0 && Object.values(counts).every((c) => c === 0);
      },
      15000,
      'events and mail to settle',
    );
  }

  it('should refuse a bad request with a problem naming each field, and change nothing', async () => {
    const incident = await reportIncident(api, org.users.requesterA, { severity: 'medium' });
    const bad = await setSeverity(org.users.csirt, incident.id, { severity: 'extreme' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['reason', 'severity']);
    const same = await setSeverity(org.users.csirt, incident.id, {
      severity: 'medium',
      reason: 'Tetap sedang setelah triase',
    });
    expect(same.status).toBe(400);
    expect(same.body.errors).toEqual([{ field: 'severity', message: 'severity is already medium' }]);
    const stale = await setSeverity(org.users.csirt, incident.id, {
      severity: 'high',
      reason: 'Lebih luas dari laporan awal',
      version: incident.version + 5,
    });
    expect(stale.status).toBe(409);
    const after = await view(incident.id);
    expect(after).toMatchObject({ severity: 'medium', version: incident.version });
    expect((await timeline(incident.id)).map((e) => e.action)).toEqual(['reported']);
  });

  it('should let only the CSIRT change it: 403 to the reporter and supervisors, 404 to everyone else', async () => {
    const incident = await reportIncident(api, org.users.requesterA, { severity: 'low' });
    const body = { severity: 'high', reason: 'Akun admin ikut terdampak' };
    for (const who of ['requesterA', 'supervisor'] as const) {
      const res = await setSeverity(org.users[who], incident.id, body);
      expect(res.status).toBe(403);
    }
    for (const who of ['admin', 'tier1A', 'tier2', 'unitHeadA', 'requesterA2', 'tier1B'] as const) {
      const res = await setSeverity(org.users[who], incident.id, body);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(incident.number);
    }
    expect((await view(incident.id)).severity).toBe('low');
    const ok = await setSeverity(org.users.csirt, incident.id, body);
    expect(ok.status).toBe(200);
    expect(ok.body.severity).toBe('high');
    // The reporter reads the new severity and why it changed.
    const mine = await api.http.get(`/api/v1/incidents/${incident.id}`).set(org.users.requesterA.auth);
    expect(mine.body.severity).toBe('high');
  });

  it('should record the change and its reason on the timeline and move a running acknowledgement deadline', async () => {
    const incident = await reportIncident(api, org.users.requesterA, { severity: 'medium' });
    const reported = new Date(incident.createdAt).getTime();
    expect(new Date(incident.ack.dueAt).getTime() - reported).toBe(240 * MINUTE);
    const res = await setSeverity(org.users.csirt, incident.id, {
      severity: 'critical',
      reason: 'Server keuangan ikut terenkripsi',
      version: incident.version,
    });
    expect(res.status).toBe(200);
    // Critical: 15 minutes from the report, not from the change.
    expect(new Date(res.body.ack.dueAt).getTime() - reported).toBe(15 * MINUTE);
    expect(res.body.version).toBe(incident.version + 1);
    const line = (await timeline(incident.id)).find((e) => e.action === 'severity_changed');
    expect(line).toMatchObject({
      note: 'Server keuangan ikut terenkripsi',
      actor: { id: org.users.csirt.id },
      data: {
        from: 'medium',
        to: 'critical',
        ackDueAt: { from: incident.ack.dueAt, to: res.body.ack.dueAt },
      },
    });
    // Raised into critical: the reporting PD's head hears of it now, as on a critical report.
    await waitFor(
      async () => mailsAbout(org.users.unitHeadA, incident.number).length > 0,
      15000,
      'the PD head mail',
    );
    expect(mailsAbout(org.users.unitHeadA, incident.number)[0].subject).toContain('(kritis)');
    // Sixteen minutes after the report (worker clock), unacknowledged: supervisors get the breach once.
    clock.set(new Date(reported + 16 * MINUTE));
    await waitFor(
      async () => mailsAbout(org.users.supervisor, incident.number, 'belum ditanggapi').length > 0,
      15000,
      'the breach mail',
    );
    await settled();
    expect(mailsAbout(org.users.supervisor, incident.number, 'belum ditanggapi')).toHaveLength(1);
    expect((await view(incident.id)).ack.breachedAt).not.toBeNull();
    // A breach that happened stays: lowering the severity afterwards does not move the clock.
    const lowered = await setSeverity(org.users.csirt, incident.id, {
      severity: 'medium',
      reason: 'Ternyata hanya satu server uji',
    });
    expect(lowered.status).toBe(200);
    expect(lowered.body.ack).toEqual((await view(incident.id)).ack);
    expect(lowered.body.ack.dueAt).toBe(res.body.ack.dueAt);
    const changes = (await timeline(incident.id)).filter((e) => e.action === 'severity_changed');
    expect(changes.map((e) => e.data.to)).toEqual(['critical', 'medium']);
    expect(changes[1].data.ackDueAt).toBeNull();
  });

  it('should give a lowered incident the longer deadline, leaving the old timer stale', async () => {
    const incident = await reportIncident(api, org.users.requesterB, { severity: 'critical' });
    await settled();
    const reported = new Date(incident.createdAt).getTime();
    const res = await setSeverity(org.users.csirt, incident.id, {
      severity: 'high',
      reason: 'Hanya situs informasi, bukan layanan',
    });
    expect(res.status).toBe(200);
    expect(new Date(res.body.ack.dueAt).getTime() - reported).toBe(60 * MINUTE);
    await settled();
    // Twenty minutes on: the 15-minute deadline is gone, the job of its revision does nothing.
    clock.set(new Date(reported + 20 * MINUTE));
    const timers = worker.get(IncidentAckTimerService);
    expect(await timers.fire({ incidentId: incident.id, revision: 1 })).toBe('stale');
    await timers.reconcile();
    await settled();
    expect((await view(incident.id)).ack.breachedAt).toBeNull();
    expect(mailsAbout(org.users.supervisor, incident.number, 'belum ditanggapi')).toHaveLength(0);
    // Lowered from critical to high: the PD head already knew, no second mail.
    expect(mailsAbout(org.users.unitHeadB, incident.number)).toHaveLength(1);
  });

  it('should leave an acknowledged clock alone and refuse a closed incident with 409', async () => {
    const incident = await reportIncident(api, org.users.requesterA, { severity: 'low' });
    await walkPhases(api, org.users.csirt, incident.id, 'triage');
    const acked = await view(incident.id);
    expect(acked.ack.acknowledgedAt).not.toBeNull();
    const res = await setSeverity(org.users.csirt, incident.id, {
      severity: 'critical',
      reason: 'Ransomware menyebar ke PD lain',
    });
    expect(res.status).toBe(200);
    expect(res.body.ack).toEqual(acked.ack);
    await walkPhases(api, org.users.csirt, incident.id, 'closed');
    const closed = await setSeverity(org.users.csirt, incident.id, {
      severity: 'high',
      reason: 'Penilaian ulang setelah ditutup',
    });
    expect(closed.status).toBe(409);
    expect(closed.body.currentPhase).toBe('closed');
    expect((await view(incident.id)).severity).toBe('critical');
  });
});
