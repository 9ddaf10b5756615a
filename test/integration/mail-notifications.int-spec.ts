import { QueueName, QueueService } from '@desk/queue';
import { NotificationService } from '@desk/notifications';
import { INestApplicationContext } from '@nestjs/common';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, testConfig, TestApi, waitFor } from '../support/harness';
import { ShiftedClock, SmtpSink, startWorkerWithClock } from '../support/mail';
import { countOf, sqlExecute } from '../support/db';

const APP_URL = 'https://desk.banjarkab.example';
/** Tuesday 3 March 2026, 10:00 WITA: inside working hours. */
const TUESDAY_10 = new Date('2026-03-03T02:00:00Z');
/** Saturday 7 March 2026, 10:00 WITA. */
const SATURDAY_10 = new Date('2026-03-07T02:00:00Z');
/** Monday 9 March 2026, 07:30 WITA: the next working instant after SATURDAY_10. */
const MONDAY_0730 = new Date('2026-03-08T23:30:00Z');

describe('Notification mail (docs/domain.md, "Reports")', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const sink = new SmtpSink();
  const clock = new ShiftedClock();

  beforeAll(async () => {
    await sink.start();
    const config = await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200', APP_URL });
    api = await startApi(config);
    org = await createOrg(api.app);
    clock.set(TUESDAY_10);
    worker = await startWorkerWithClock(config, clock);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink.stop();
  });

  const mailsTo = (u: TestUser, number: string) => sink.to(u.email).filter((m) => m.subject.includes(number));
  /** Waits for mail to `u` whose subject names `number` (and contains `also`). */
  const mailFor = (u: TestUser, number: string, also = '') =>
    waitFor(
      async () => {
        const found = mailsTo(u, number).filter((m) => m.subject.includes(also));
        return found.length ? found : null;
      },
      15000,
      `mail to ${u.email} about ${number} ${also}`,
    );

  /** Every outbox event handled and every mail that can go out sent, so absences are real. */
  async function settled(): Promise<void> {
    const domainEvents = worker.get(QueueService).queue(QueueName.DomainEvents);
    await waitFor(
      async () => {
        const outbox = await countOf(
          api.dataSource,
          `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
        );
        const counts = await domainEvents.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        const unsent = await countOf(
          api.dataSource,
          `SELECT count(*)::int AS n FROM mail_message WHERE status IN ('queued', 'sending')`,
        );
        return outbox === 0 && unsent === 0 && Object.values(counts).every((c) => c === 0);
      },
      15000,
      'events and mail to settle',
    );
  }

  async function outboxEvent(type: string, aggregateType: string, aggregateId: string, payload: object) {
    await sqlExecute(
      api.dataSource,
      `INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload) VALUES ($1, $2, $3, $4)`,
      [type, aggregateType, aggregateId, JSON.stringify(payload)],
    );
  }

  it('should send the requester a receipt with the number, and tell the PD’s Tier 1 technicians', async () => {
    const { requesterA, tier1A, tier1A2, tier1B, unitHeadA } = org.users;
    const t = await fileTicket(api, requesterA, { title: 'Printer ruang arsip macet' });
    const [receipt] = await mailFor(requesterA, t.number);
    expect(receipt.subject).toBe(`[${t.number}] Laporan Anda telah diterima`);
    expect(receipt.text).toContain(`nomor ${t.number}`);
    expect(receipt.text).toContain(`${APP_URL}/tickets/${t.id}`);
    expect(receipt.html).toContain(`href="${APP_URL}/tickets/${t.id}"`);
    expect(receipt.html).toContain('Printer ruang arsip macet');
    expect(receipt.envelopeTo).toEqual([requesterA.email]);
    // The Message-ID is the one stored with the row before sending.
    // The SMTP server has the mail before the worker marks its row sent: wait for the mark.
    const row = await waitFor(
      async () => {
        const [r] = await api.dataSource.query(
          `SELECT message_id, status, sent_at FROM mail_message WHERE recipient = $1 AND kind = 'ticket.receipt' AND aggregate_id = $2`,
          [requesterA.email, t.id],
        );
        return r?.status === 'sent' ? r : undefined;
      },
      10_000,
      'the receipt marked sent',
    );
    expect(receipt.messageId).toBe(row.message_id);
    expect(row.sent_at).not.toBeNull();

    for (const agent of [tier1A, tier1A2]) {
      const [notice] = await mailFor(agent, t.number);
      expect(notice.subject).toBe(`[${t.number}] Tiket baru: Printer ruang arsip macet`);
      expect(notice.text).toContain('User reqA');
      expect(notice.text).toContain(`${APP_URL}/tickets/${t.id}`);
    }
    await settled();
    expect(mailsTo(tier1B, t.number)).toHaveLength(0);
    expect(mailsTo(unitHeadA, t.number)).toHaveLength(0);
    expect(mailsTo(requesterA, t.number)).toHaveLength(1);
  });

  it('should write in English for a user whose language is English', async () => {
    const { requesterA2 } = org.users;
    const res = await api.http
      .patch('/api/v1/users/me/preferences')
      .set(requesterA2.auth)
      .send({ locale: 'en' });
    expect(res.status).toBe(200);
    expect(res.body.locale).toBe('en');
    const t = await fileTicket(api, requesterA2);
    const [receipt] = await mailFor(requesterA2, t.number);
    expect(receipt.subject).toBe(`[${t.number}] We received your ticket`);
    expect(receipt.text).toContain(`number ${t.number}`);
    expect(receipt.html).toContain('<html lang="en">');
  });

  it('should tell the assignee, but not an agent who claims a ticket for themselves', async () => {
    const { requesterA, tier1A, tier1A2 } = org.users;
    const claimed = await fileTicket(api, requesterA);
    await act(api, tier1A, claimed.id, 'claim');
    const assigned = await fileTicket(api, requesterA, { title: 'Akun SIMPEG terkunci' });
    await act(api, tier1A, assigned.id, 'assign', { assigneeId: tier1A2.id });
    const [mail] = await mailFor(tier1A2, assigned.number, 'ditugaskan');
    expect(mail.subject).toBe(`[${assigned.number}] Tiket ditugaskan kepada Anda: Akun SIMPEG terkunci`);
    await settled();
    expect(mailsTo(tier1A, claimed.number).filter((x) => x.subject.includes('ditugaskan'))).toHaveLength(0);
  });

  it('should tell the requester when the ticket is resolved, with a link to rate it', async () => {
    const { requesterA, tier1A } = org.users;
    const t = await fileTicket(api, requesterA);
    await act(api, tier1A, t.id, 'claim');
    await act(api, tier1A, t.id, 'start');
    await act(api, tier1A, t.id, 'resolve', { resolution: 'Kabel jaringan diganti dan diuji.' });
    const [mail] = await mailFor(requesterA, t.number, 'diselesaikan');
    expect(mail.subject).toBe(`[${t.number}] Laporan Anda telah diselesaikan`);
    expect(mail.text).toContain('Kabel jaringan diganti dan diuji.');
    expect(mail.text).toContain(`Beri penilaian: ${APP_URL}/tickets/${t.id}`);
    expect(mail.html).toContain(`href="${APP_URL}/tickets/${t.id}"`);
  });

  it('should tell the members of the team a ticket is escalated to, once', async () => {
    const { requesterA, tier1A, tier2, tier2Apps } = org.users;
    const t = await fileTicket(api, requesterA, { impact: 1, urgency: 2 });
    await act(api, tier1A, t.id, 'claim');
    await act(api, tier1A, t.id, 'escalate', {
      teamId: org.teams.network,
      reason: 'Switch inti di ruang server mati, perlu Tier 2',
    });
    const [mail] = await mailFor(tier2, t.number);
    expect(mail.subject).toBe(`[${t.number}] Eskalasi ke tim NET: ${t.title}`);
    expect(mail.text).toContain('Switch inti di ruang server mati, perlu Tier 2');
    await settled();
    expect(mailsTo(tier2, t.number)).toHaveLength(1);
    expect(mailsTo(tier2Apps, t.number)).toHaveLength(0);
  });

  it('should send an SLA breach to the roles the event names, even to those who turned other mail off', async () => {
    const { requesterA, tier1A, tier1A2, supervisor, unitHeadA, unitHeadB } = org.users;
    const off = await api.http
      .patch('/api/v1/users/me/preferences')
      .set(supervisor.auth)
      .send({ notifications: { slaWarned: false, ticketEscalated: false } });
    expect(off.status).toBe(200);
    expect(off.body.notifications).toMatchObject({
      slaWarned: false,
      slaBreached: true,
      ticketEscalated: false,
    });
    const t = await fileTicket(api, requesterA);
    await act(api, tier1A, t.id, 'assign', { assigneeId: tier1A2.id });
    await outboxEvent('sla.breached', 'ticket', t.id, {
      number: t.number,
      clock: 'resolution',
      priority: 'P3',
      notify: ['assignee', 'supervisors', 'unit_head'],
      urgent: true,
    });
    for (const u of [tier1A2, supervisor, unitHeadA]) {
      const [mail] = await mailFor(u, t.number, 'SLA terlampaui');
      expect(mail.subject).toBe(`[${t.number}] SLA terlampaui: batas waktu penyelesaian telah lewat`);
    }
    await outboxEvent('sla.warned', 'ticket', t.id, {
      number: t.number,
      clock: 'response',
      priority: 'P3',
      notify: ['tier1_desk', 'supervisors'],
      urgent: true,
    });
    for (const u of [tier1A, tier1A2]) {
      await mailFor(u, t.number, 'Peringatan SLA');
    }
    await settled();
    expect(mailsTo(supervisor, t.number).filter((x) => x.subject.includes('Peringatan SLA'))).toHaveLength(0);
    expect(mailsTo(unitHeadB, t.number)).toHaveLength(0);
  });

  it('should hold non-urgent mail until the next working hours', async () => {
    const { requesterA, tier1A } = org.users;
    const t = await fileTicket(api, requesterA);
    await settled();
    clock.set(SATURDAY_10);
    try {
      await outboxEvent('sla.warned', 'ticket', t.id, {
        number: t.number,
        clock: 'response',
        priority: 'P4',
        notify: ['tier1_desk'],
        urgent: false,
      });
      const row = await waitFor(async () => {
        const [r] = await api.dataSource.query(
          `SELECT status, not_before FROM mail_message WHERE kind = 'sla.warned' AND recipient = $1 AND aggregate_id = $2`,
          [tier1A.email, t.id],
        );
        return r;
      });
      expect(row.status).toBe('held');
      expect(new Date(row.not_before).toISOString()).toBe(MONDAY_0730.toISOString());
      await new Promise((r) => setTimeout(r, 600)); // a few sweeps: still held on Saturday
      expect(mailsTo(tier1A, t.number).filter((m) => m.subject.includes('Peringatan SLA'))).toHaveLength(0);

      clock.set(new Date(MONDAY_0730.getTime() + 60_000));
      const [mail] = await mailFor(tier1A, t.number, 'Peringatan SLA');
      expect(mail.subject).toBe(`[${t.number}] Peringatan SLA: batas waktu tanggapan segera tiba`);
    } finally {
      clock.set(TUESDAY_10);
    }
  });

  it('should tell CSIRT, supervisors and, for a high incident, the reporting PD’s head', async () => {
    const { csirt, supervisor, unitHeadA, unitHeadB, requesterA } = org.users;
    const incidentId = '5b8f6c1e-4f64-4a53-9d5b-3f0b7f1c2a10';
    await outboxEvent('incident.reported', 'incident', incidentId, {
      number: 'INS-2026-0001',
      title: 'Situs web dinas berubah tampilan',
      severity: 'high',
      category: 'defacement',
      unitId: org.pdA.id,
      reporterId: requesterA.id,
    });
    for (const u of [csirt, supervisor, unitHeadA]) {
      const [mail] = await mailFor(u, 'INS-2026-0001');
      expect(mail.subject).toBe(
        '[TLP:AMBER] [INS-2026-0001] Insiden keamanan dilaporkan (tinggi): Situs web dinas berubah tampilan',
      );
      expect(mail.text).toContain(`${APP_URL}/incidents/${incidentId}`);
      expect(mail.text).toContain('User reqA');
    }
    await settled();
    expect(mailsTo(unitHeadB, 'INS-2026-0001')).toHaveLength(0);
    // The reporter gets a receipt, not the CSIRT's notice.
    expect(mailsTo(requesterA, 'INS-2026-0001').map((m) => m.subject)).toEqual([
      '[TLP:AMBER] [INS-2026-0001] Laporan insiden keamanan Anda telah diterima',
    ]);
  });

  it('should send nothing twice when an event is delivered again', async () => {
    const { requesterA } = org.users;
    const t = await fileTicket(api, requesterA);
    await settled();
    const [event] = await api.dataSource.query(
      `SELECT id::text AS "eventId", type, aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", payload
         FROM outbox_event WHERE type = 'ticket.created' AND aggregate_id = $1`,
      [t.id],
    );
    expect(await worker.get(NotificationService).handle(event)).toBe(0);
    await settled();
    expect(mailsTo(requesterA, t.number)).toHaveLength(1);
  });

  describe('preferences', () => {
    it('should list every switch and refuse to turn off essential mail, naming the field', async () => {
      const { tier1B } = org.users;
      const got = await api.http.get('/api/v1/users/me/preferences').set(tier1B.auth);
      expect(got.status).toBe(200);
      expect(got.body).toEqual({
        locale: 'id',
        notifications: {
          ticketReceipt: true,
          ticketCreated: true,
          ticketAssigned: true,
          ticketEscalated: true,
          slaWarned: true,
          slaBreached: true,
          slaLadder: true,
          ticketResolved: true,
          ticketAutoResumed: true,
          incidentReported: true,
          ticketReply: true,
          ticketRequesterComment: true,
          ticketReturned: true,
        },
        essential: expect.arrayContaining(['ticketReceipt', 'slaBreached', 'incidentReported']),
      });
      const refused = await api.http
        .patch('/api/v1/users/me/preferences')
        .set(tier1B.auth)
        .send({ notifications: { slaBreached: false, ticketReceipt: false, slaLadder: false } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'notifications.slaBreached',
        'notifications.ticketReceipt',
      ]);
      const bad = await api.http
        .patch('/api/v1/users/me/preferences')
        .set(tier1B.auth)
        .send({ locale: 'fr', notifications: { nonsense: true, slaWarned: 'no' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'locale',
        'notifications.nonsense',
        'notifications.slaWarned',
      ]);
      // Nothing changed by the refused requests.
      expect(
        (await api.http.get('/api/v1/users/me/preferences').set(tier1B.auth)).body.notifications.slaLadder,
      ).toBe(true);
    });

    it('should stop non-essential mail a user turned off', async () => {
      const { requesterB, tier1B } = org.users;
      const off = await api.http
        .patch('/api/v1/users/me/preferences')
        .set(tier1B.auth)
        .send({ notifications: { ticketCreated: false } });
      expect(off.status).toBe(200);
      const t = await fileTicket(api, requesterB);
      await mailFor(requesterB, t.number);
      await settled();
      expect(mailsTo(tier1B, t.number)).toHaveLength(0);
    });
  });
});
