import { QueueName, QueueService } from '@desk/queue';
import { INestApplicationContext } from '@nestjs/common';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, testConfig, TestApi, waitFor } from '../support/harness';
import { ShiftedClock, SmtpSink, startWorkerWithClock } from '../support/mail';
import { countOf, sqlExecute } from '../support/db';

const APP_URL = 'https://desk.banjarkab.example';
/** Tuesday 3 March 2026, 10:00 WITA: inside working hours. */
const TUESDAY_10 = new Date('2026-03-03T02:00:00Z');

/** The daily desk's mail: replies, comments, returns, resolutions by any tier, auto-escalation, resume. */
describe('Desk notifications (each once, in the reader’s language)', () => {
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

  const mailsTo = (u: TestUser, number: string, also = '') =>
    sink.to(u.email).filter((m) => m.subject.includes(number) && m.subject.includes(also));
  const mailFor = (u: TestUser, number: string, also = '') =>
    waitFor(
      async () => {
        const found = mailsTo(u, number, also);
        return found.length ? found : null;
      },
      15000,
      `mail to ${u.email} about ${number} ${also}`,
    );

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

  const comment = (as: TestUser, id: string, body: string, internal = false) =>
    api.http.post(`/api/v1/tickets/${id}/comments`).set(as.auth).send({ body, internal }).expect(201);

  it('should send the requester each public reply once, and nothing for an internal note', async () => {
    const { requesterA, tier1A } = org.users;
    const t = await fileTicket(api, requesterA, { title: 'Wifi aula tidak tersambung' });
    await act(api, tier1A, t.id, 'claim');
    await comment(tier1A, t.id, 'Catatan: AP aula perlu diganti', true);
    await comment(tier1A, t.id, 'Kami sedang memeriksa titik akses di aula.');
    await comment(tier1A, t.id, 'Titik akses sudah diganti, mohon dicoba.');
    const mails = await waitFor(async () => {
      const m = mailsTo(requesterA, t.number, 'Balasan baru');
      return m.length >= 2 ? m : null;
    }, 15000);
    expect(mails[0].subject).toBe(`[${t.number}] Balasan baru untuk laporan Anda`);
    const texts = mails.map((m) => m.text).join('\n');
    expect(texts).toContain('Kami sedang memeriksa titik akses di aula.');
    expect(texts).toContain('Titik akses sudah diganti, mohon dicoba.');
    expect(texts).not.toContain('AP aula perlu diganti');
    await settled();
    expect(mailsTo(requesterA, t.number, 'Balasan baru')).toHaveLength(2);
    // The agent is not told about their own replies.
    expect(mailsTo(tier1A, t.number, 'Balasan')).toHaveLength(0);
  });

  it('should write a reply in English to a requester who reads English', async () => {
    const { requesterA2, tier1A } = org.users;
    await api.http
      .patch('/api/v1/users/me/preferences')
      .set(requesterA2.auth)
      .send({ locale: 'en' })
      .expect(200);
    const t = await fileTicket(api, requesterA2);
    await comment(tier1A, t.id, 'We are looking into it.');
    const [mail] = await mailFor(requesterA2, t.number, 'reply');
    expect(mail.subject).toBe(`[${t.number}] New reply to your ticket`);
    expect(mail.html).toContain('<html lang="en">');
  });

  it('should tell the desk of a requester’s comment while unassigned, then only the assignee', async () => {
    const { requesterA, tier1A, tier1A2, tier1B } = org.users;
    const t = await fileTicket(api, requesterA, { title: 'Scanner loket 2 rusak' });
    await comment(requesterA, t.id, 'Tambahan: lampu scanner berkedip merah.');
    for (const u of [tier1A, tier1A2]) {
      const [mail] = await mailFor(u, t.number, 'Pelapor menulis');
      expect(mail.subject).toBe(`[${t.number}] Pelapor menulis komentar: Scanner loket 2 rusak`);
      expect(mail.text).toContain('lampu scanner berkedip merah');
    }
    await act(api, tier1A, t.id, 'assign', { assigneeId: tier1A2.id });
    await comment(requesterA, t.id, 'Sekarang kertas juga macet.');
    await waitFor(
      async () => (mailsTo(tier1A2, t.number, 'Pelapor menulis').length === 2 ? true : null),
      15000,
    );
    await settled();
    expect(mailsTo(tier1A, t.number, 'Pelapor menulis')).toHaveLength(1);
    expect(mailsTo(tier1B, t.number)).toHaveLength(0);
    // The requester is not told about their own comment.
    expect(mailsTo(requesterA, t.number, 'Balasan')).toHaveLength(0);
  });

  it('should tell the PD’s Tier 1 desk of a return, and the requester of a resolution by either tier', async () => {
    const { requesterA, requesterB, tier1A, tier1A2, tier1B, tier2 } = org.users;
    const t = await fileTicket(api, requesterA, {
      title: 'Router lantai 2 mati',
      categoryId: org.categories.network,
    });
    await act(api, tier1A, t.id, 'claim');
    await act(api, tier1A, t.id, 'escalate', { reason: 'Perlu akses ke router inti Dinas' });
    await act(api, tier2, t.id, 'claim');
    await act(api, tier2, t.id, 'return', { notes: 'Router sehat, periksa kabel ke switch lantai 2' });
    for (const u of [tier1A, tier1A2]) {
      const [mail] = await mailFor(u, t.number, 'Dikembalikan');
      expect(mail.subject).toBe(`[${t.number}] Dikembalikan ke Tier 1: Router lantai 2 mati`);
      expect(mail.text).toContain('periksa kabel ke switch lantai 2');
    }
    // Tier 1 resolves it: the requester hears.
    await act(api, tier1A, t.id, 'resolve', { resolution: 'Kabel ke switch diganti' });
    const [resolved] = await mailFor(requesterA, t.number, 'diselesaikan');
    expect(resolved.text).toContain('Kabel ke switch diganti');

    // Tier 2 resolves another one: the requester hears too.
    const u = await fileTicket(api, requesterB, { categoryId: org.categories.network });
    await act(api, tier1B, u.id, 'escalate', { reason: 'Perlu akses ke router inti Dinas' });
    await act(api, tier2, u.id, 'claim');
    await act(api, tier2, u.id, 'resolve', { resolution: 'Konfigurasi VLAN diperbaiki' });
    await mailFor(requesterB, u.number, 'diselesaikan');
    await settled();
    expect(mailsTo(tier1A, t.number, 'Dikembalikan')).toHaveLength(1);
    expect(mailsTo(tier1B, t.number)).toHaveLength(0);
    expect(mailsTo(requesterA, t.number, 'diselesaikan')).toHaveLength(1);
    expect(mailsTo(requesterB, u.number, 'diselesaikan')).toHaveLength(1);
  });

  it('should tell the team and the supervisors of an automatic escalation, once each', async () => {
    const { requesterA, supervisor, tier2, tier2Apps } = org.users;
    const t = await fileTicket(api, requesterA, { categoryId: org.categories.network });
    await sqlExecute(
      api.dataSource,
      `INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload) VALUES ('escalation.routed', 'ticket', $1, $2)`,
      [
        t.id,
        JSON.stringify({
          escalationId: '6f1b0c2e-0000-4000-8000-000000000001',
          teamId: org.teams.network,
          automatic: true,
          reason: 'SLA tanggapan P3 terlampaui',
        }),
      ],
    );
    for (const u of [tier2, supervisor]) {
      const [mail] = await mailFor(u, t.number, 'Eskalasi');
      expect(mail.text).toContain('dieskalasi secara otomatis');
    }
    await settled();
    expect(mailsTo(tier2, t.number, 'Eskalasi')).toHaveLength(1);
    expect(mailsTo(supervisor, t.number, 'Eskalasi')).toHaveLength(1);
    expect(mailsTo(tier2Apps, t.number)).toHaveLength(0);
  });

  it('should tell the assignee when a pending ticket resumes by itself, not when they resume it', async () => {
    const { requesterA, tier1A, tier1A2 } = org.users;
    const t = await fileTicket(api, requesterA, { title: 'Menunggu suku cadang UPS' });
    await act(api, tier1A, t.id, 'assign', { assigneeId: tier1A2.id });
    await act(api, tier1A2, t.id, 'start');
    await act(api, tier1A2, t.id, 'pend', { reason: 'Menunggu suku cadang' });
    await act(api, tier1A2, t.id, 'resume');
    // The timer's resume has no actor.
    await sqlExecute(
      api.dataSource,
      `INSERT INTO outbox_event (type, aggregate_type, aggregate_id, payload) VALUES ('ticket.auto_resumed', 'ticket', $1, $2)`,
      [t.id, JSON.stringify({ number: t.number, status: 'in_progress', actorId: null, automatic: true })],
    );
    const [mail] = await mailFor(tier1A2, t.number, 'Waktu tunggu');
    expect(mail.subject).toBe(`[${t.number}] Waktu tunggu berakhir: tiket kembali dikerjakan`);
    // Local times with the app's dot: "10.00 WITA", never "10:00 WITA".
    expect(mail.text).toMatch(/\d{1,2}\.\d{2} WITA/);
    expect(mail.text).not.toMatch(/\d{1,2}:\d{2} WITA/);
    await settled();
    expect(mailsTo(tier1A2, t.number, 'Waktu tunggu')).toHaveLength(1);
  });
});
