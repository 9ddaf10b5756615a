import { DB_STATE_JOB_OPTIONS, JobName, QueueName, QueueService, schedulerIds } from '@desk/queue';
import { ReportScheduler } from '@desk/reports';
import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { chromium } from 'playwright-core';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { insertReportTicket } from '../support/factories/report.factory';
import { startApi, startWorker, testConfig, TestApi, waitFor } from '../support/harness';
import { CapturedMail, SmtpSink } from '../support/mail';
import { sqlExecute } from '../support/db';

const TZ = 'Asia/Makassar';
const APP_URL = 'https://desk.banjarkab.example';

/**
 * docs/domain.md, "Reports": report subscriptions. Each period is delivered once per subscription across two
 * workers, repeated firings, catch-ups and a restart; send-now; the report mail with its chart,
 * CSV and PDF; and who may subscribe to what.
 */
describe('Report subscriptions', () => {
  let api: TestApi;
  let org: TestOrg;
  let workers: INestApplicationContext[];
  const sink = new SmtpSink();
  const yesterday = DateTime.now().setZone(TZ).startOf('day').minus({ days: 1 });

  beforeAll(async () => {
    await sink.start();
    const config = await testConfig({ SMTP_URL: sink.url, MAIL_SWEEP_MS: '200', APP_URL });
    api = await startApi(config);
    org = await createOrg(api.app);
    workers = [await startWorker(config), await startWorker(config)];
    // Yesterday at PD A: three tickets, one answered late; at PD B: one.
    const at = (h: number, m = 0) => yesterday.set({ hour: h, minute: m }).toFormat("yyyy-MM-dd'T'HH:mm");
    const a = { unitId: org.pdA.id, deskId: org.pdA.deskId, requesterId: org.users.requesterA.id };
    for (const [h, late] of [
      [8, false],
      [9, false],
      [10, true],
    ] as const) {
      await insertReportTicket(api.dataSource, {
        ...a,
        priority: 'P2',
        status: 'in_progress',
        created: at(h),
        response: {
          due: at(h, 30),
          met: at(h, late ? 45 : 10),
          breached: late ? at(h, 30) : undefined,
          business: late ? 2700 : 600,
        },
        resolution: { due: at(h + 8) },
      });
    }
    await insertReportTicket(api.dataSource, {
      unitId: org.pdB.id,
      deskId: org.pdB.deskId,
      requesterId: org.users.requesterB.id,
      priority: 'P3',
      status: 'new',
      created: at(11),
      response: { due: at(13) },
      resolution: { due: at(23) },
    });
  });
  afterAll(async () => {
    for (const w of workers ?? []) await w.close();
    await api?.close();
    await sink.stop();
  });

  const subscribe = (as: TestUser, body: Record<string, unknown>) =>
    api.http.post('/api/v1/report-subscriptions').set(as.auth).send(body);
  const validBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Laporan harian PD A',
    scope: {},
    frequency: 'daily',
    sendAt: '07:00',
    recipients: [{ email: 'sekretaris@pd-a.go.id' }],
    ...overrides,
  });
  const deliveries = async (as: TestUser, id: string) => {
    const res = await api.http.get(`/api/v1/report-subscriptions/${id}/deliveries`).set(as.auth);
    expect(res.status).toBe(200);
    return res.body as {
      trigger: string;
      status: string;
      periodStart: string;
      periodLabel: string;
      attempts: number;
      attemptLog: { outcome: string; recipients?: string[] }[];
      mails: { status: string }[];
    }[];
  };
  const reportMails = (to: string) =>
    sink.to(to).filter((m) => m.parsed.headers.get('x-desk-mail-kind') === 'report');
  const reportsQueue = () => api.app.get(QueueService).queue(QueueName.Reports);

  it('should register a job scheduler in the region’s time zone when a subscription is created', async () => {
    const res = await subscribe(
      org.users.supervisor,
      validBody({
        name: 'Laporan bulanan Bupati',
        scope: { regencyWide: true },
        frequency: 'monthly',
        recipients: [{ userId: org.users.supervisor.id }, { email: 'Bupati@BanjarKab.go.id' }],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      scope: { unitId: null, regencyWide: true },
      frequency: 'monthly',
      sendAt: '07:00',
      schedule: { pattern: '0 7 1 * *', timezone: TZ },
      recipients: [
        { userId: org.users.supervisor.id, email: org.users.supervisor.email },
        { userId: null, email: 'bupati@banjarkab.go.id' },
      ],
      active: true,
    });
    const next = DateTime.fromISO(res.body.schedule.nextRunAt, { zone: TZ });
    expect([next.day, next.hour, next.minute]).toEqual([1, 7, 0]);
    const scheduler = await reportsQueue().getJobScheduler(schedulerIds.reportSubscription(res.body.id));
    expect(scheduler).toMatchObject({ pattern: '0 7 1 * *', tz: TZ });

    const patched = await api.http
      .patch(`/api/v1/report-subscriptions/${res.body.id}`)
      .set(org.users.supervisor.auth)
      .send({ frequency: 'semester', sendAt: '06:30' });
    expect(patched.status).toBe(200);
    expect(patched.body.schedule.pattern).toBe('30 6 1 1,7 *');
    expect(
      (await reportsQueue().getJobScheduler(schedulerIds.reportSubscription(res.body.id)))?.pattern,
    ).toBe('30 6 1 1,7 *');
  });

  it('should say which period send-now sends, and send the current one when asked', async () => {
    const { unitHeadA } = org.users;
    const created = await subscribe(unitHeadA, validBody({ recipients: [{ userId: unitHeadA.id }] }));
    expect(created.status).toBe(201);
    const [previous, current] = created.body.sendNowPeriods;
    expect(previous).toMatchObject({ period: 'previous', from: yesterday.toUTC().toISO() });
    expect(previous.label).toMatch(/^(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), /);
    expect(current).toMatchObject({ period: 'current', from: yesterday.plus({ days: 1 }).toUTC().toISO() });
    const bad = await api.http
      .post(`/api/v1/report-subscriptions/${created.body.id}/send-now`)
      .set(unitHeadA.auth)
      .send({ period: 'kemarin' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['period']);
    const sent = await api.http
      .post(`/api/v1/report-subscriptions/${created.body.id}/send-now`)
      .set(unitHeadA.auth)
      .send({ period: 'current' });
    expect(sent.status).toBe(202);
    expect(sent.body.periodStart).toBe(current.from);
    expect(Date.parse(sent.body.periodEnd)).toBeGreaterThan(Date.parse(current.from));
  });

  it('should send now the previous day’s report with the chart inline, a CSV and a PDF', async () => {
    const { unitHeadA } = org.users;
    const created = await subscribe(
      unitHeadA,
      validBody({ recipients: [{ userId: unitHeadA.id }, { email: 'sekretaris@pd-a.go.id' }] }),
    );
    expect(created.status).toBe(201);
    expect(created.body.scope).toMatchObject({ unitId: org.pdA.id, unitName: 'Dinas A', regencyWide: false });
    const sent = await api.http
      .post(`/api/v1/report-subscriptions/${created.body.id}/send-now`)
      .set(unitHeadA.auth);
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ trigger: 'manual', periodStart: yesterday.toUTC().toISO() });

    const [mail] = await waitFor(async () => {
      const m = reportMails('sekretaris@pd-a.go.id');
      return m.length ? m : null;
    }, 20000);
    const label = `${['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'][yesterday.weekday - 1]}, ${yesterday.day}`;
    expect(mail.subject).toMatch(new RegExp(`^Laporan SLA Dinas A: ${label} `));
    expect(mail.html).toContain('src="cid:sla-chart@spbe-desk"');
    expect(mail.html).toContain('Ditanggapi tepat waktu');
    expect(mail.html).not.toContain('Kepatuhan SLA per perangkat daerah');
    expect(mail.text).toContain('Tiket masuk: 3');
    const [chart, csv, pdf] = mail.parsed.attachments;
    expect(chart).toMatchObject({ contentType: 'image/png', cid: 'sla-chart@spbe-desk' });
    expect(chart.content.subarray(1, 4).toString()).toBe('PNG');
    expect(chart.content.length).toBeGreaterThan(5000);
    expect(csv.contentType).toBe('text/csv');
    expect(csv.filename).toBe(`laporan-sla-dinas-a-${yesterday.toISODate()}.csv`);
    const lines = csv.content.toString('utf8').split('\r\n');
    expect(lines).toContain('Tiket masuk;3');
    expect(lines).toContain('Ditanggapi tepat waktu (%);66,7');
    expect(lines).not.toContain('Kepatuhan SLA per perangkat daerah');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    await waitFor(async () => reportMails(org.users.unitHeadA.email).length, 20000);

    const log = await waitFor(async () => {
      const d = await deliveries(unitHeadA, created.body.id);
      return d.length && d[0].mails.every((m) => m.status === 'sent') ? d : null;
    });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ trigger: 'manual', status: 'mailed', attempts: 1 });
    expect(log[0].mails).toHaveLength(2);
  });

  it('should deliver a period once however often it fires, on two workers, and a new period again', async () => {
    const to = 'once@pd-a.go.id';
    const { body: sub } = await subscribe(
      org.users.supervisor,
      validBody({ name: 'Sekali', recipients: [{ email: to }] }),
    );
    // Fire every 250 ms instead of daily at 07:00: every firing falls in today, so its period is
    // yesterday; both workers take jobs.
    const fast = schedulerIds.reportSubscription(sub.id);
    await reportsQueue().upsertJobScheduler(
      fast,
      { every: 250 },
      { name: JobName.ReportDeliver, data: { subscriptionId: sub.id }, opts: DB_STATE_JOB_OPTIONS },
    );
    // And a burst of explicit duplicates for the same day, under different job ids.
    for (let i = 0; i < 6; i++) {
      await reportsQueue().add(
        JobName.ReportDeliver,
        { subscriptionId: sub.id, firedAt: Date.now() },
        { ...DB_STATE_JOB_OPTIONS, jobId: `dup-${sub.id}-${i}` },
      );
    }
    await new Promise((r) => setTimeout(r, 3000));
    await api.app.get(ReportScheduler).upsert({ ...sub, active: true });
    await waitFor(async () => reportMails(to).length, 20000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(reportMails(to)).toHaveLength(1);
    const log = await deliveries(org.users.supervisor, sub.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      trigger: 'schedule',
      status: 'mailed',
      attempts: 1,
      periodStart: yesterday.toUTC().toISO(),
    });

    // The day before yesterday is another period: delivered once more.
    await reportsQueue().add(JobName.ReportDeliver, {
      subscriptionId: sub.id,
      firedAt: yesterday.plus({ hours: 7 }).toMillis(),
    });
    await waitFor(async () => reportMails(to).length === 2, 20000);
    const periods = (await deliveries(org.users.supervisor, sub.id)).map((d) => d.periodStart).sort();
    expect(periods).toEqual([yesterday.minus({ days: 1 }).toUTC().toISO(), yesterday.toUTC().toISO()]);
  });

  /**
   * A daily report of PD B to `to`, due at midnight and subscribed three days ago, whose run no worker
   * made: a worker restart catches it up and mails it.
   */
  async function missedDailyReport(name: string, to: string) {
    const { body: sub } = await subscribe(
      org.users.unitHeadB,
      validBody({ name, sendAt: '00:00', recipients: [{ email: to }] }),
    );
    await sqlExecute(
      api.dataSource,
      `UPDATE report_subscription SET created_at = now() - interval '3 days' WHERE id = $1`,
      [sub.id],
    );
    await workers[0].close();
    workers[0] = await startWorker(api.config);
    await waitFor(async () => reportMails(to).length, 20000);
    return sub as { id: string };
  }

  it('should catch up a missed run at worker start, once, across restarts', async () => {
    const to = 'missed@pd-b.go.id';
    const sub = await missedDailyReport('Harian PD B', to);
    await workers[1].close();
    workers[1] = await startWorker(api.config);
    await new Promise((r) => setTimeout(r, 1500));
    expect(reportMails(to)).toHaveLength(1);
    const [mail] = reportMails(to);
    expect(mail.subject).toMatch(/^Laporan SLA Dinas B: /);
    expect(mail.text).toContain('Tiket masuk: 1');
    expect(await deliveries(org.users.unitHeadB, sub.id)).toHaveLength(1);
  });

  it('should deliver at the next catch-up a period whose delivery had failed', async () => {
    const to = 'retried@pd-b.go.id';
    const sub = await missedDailyReport('Harian PD B ulang', to);
    // Make it as if the period's delivery had run out of attempts (a report that could not be
    // built, say): its transaction rolled back, so no mail was written either.
    await sqlExecute(
      api.dataSource,
      `UPDATE report_delivery SET status = 'failed', last_error = 'build failed' WHERE subscription_id = $1`,
      [sub.id],
    );
    await sqlExecute(
      api.dataSource,
      `DELETE FROM mail_message WHERE aggregate_id IN (SELECT id FROM report_delivery WHERE subscription_id = $1)`,
      [sub.id],
    );
    await workers[0].close();
    workers[0] = await startWorker(api.config);
    await waitFor(async () => reportMails(to).length >= 2, 20000, 'the period delivered again');
    const log = await deliveries(org.users.unitHeadB, sub.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 'mailed', attempts: 2 });
  });

  it('should put every PD side by side in the regency-wide report, in each reader’s language', async () => {
    await api.http
      .patch('/api/v1/users/me/preferences')
      .set(org.users.supervisor.auth)
      .send({ locale: 'en' });
    const { body: sub } = await subscribe(
      org.users.supervisor,
      validBody({
        name: 'Ringkasan Bupati',
        scope: { regencyWide: true },
        recipients: [{ email: 'bupati@banjarkab.go.id' }, { userId: org.users.supervisor.id }],
      }),
    );
    const sent = await api.http
      .post(`/api/v1/report-subscriptions/${sub.id}/send-now`)
      .set(org.users.supervisor.auth);
    // Daily: the previous day, labelled in the reader's language ("Monday 30 November 2026").
    expect(sent.body.periodLabel).toMatch(
      /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}$/,
    );
    const [logged] = await deliveries(org.users.supervisor, sub.id);
    expect(logged.periodLabel).toBe(sent.body.periodLabel);
    const find = (to: string) =>
      waitFor(
        async () => reportMails(to).find((m: CapturedMail) => m.html.includes('Ringkasan Bupati')),
        20000,
      );
    const bupati = await find('bupati@banjarkab.go.id');
    // The attempt names its recipients, so each reader's UI can word it in their language.
    const [mailed] = await deliveries(org.users.supervisor, sub.id);
    expect(mailed.attemptLog).toEqual([
      expect.objectContaining({
        outcome: 'mailed',
        recipients: expect.arrayContaining(['bupati@banjarkab.go.id', org.users.supervisor.email]),
      }),
    ]);
    expect(bupati.subject).toMatch(/^Laporan SLA Seluruh Perangkat Daerah: /);
    expect(bupati.html).toContain('Kepatuhan SLA per perangkat daerah');
    expect(bupati.html).toContain('Dinas A');
    expect(bupati.html).toContain('Dinas B');
    expect(bupati.text).toContain('Tiket masuk: 4');
    expect(bupati.parsed.attachments[1].content.toString()).toContain('Kepatuhan SLA per perangkat daerah');
    const english = await find(org.users.supervisor.email);
    expect(english.subject).toMatch(/^SLA report All agencies: /);
    expect(english.html).toContain('SLA compliance by agency');

    // The captured mail in Debian's Chromium: no sideways scroll on a 360 px phone, at most 600 px
    // wide on a desktop, the figure tiles one per row on the phone, four per row on a desktop.
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      for (const width of [360, 1024]) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        await page.setContent(bupati.html);
        // Runs in the page (a string: this file is compiled without the DOM's types).
        const m: {
          scrollWidth: number;
          clientWidth: number;
          card: number;
          tileRows: number;
          tiles: number;
          wider: string[];
        } = await page.evaluate(`(() => {
          const root = document.scrollingElement;
          const card = document.querySelector('table[width="600"]').getBoundingClientRect();
          const tiles = [...document.querySelectorAll('.tile')].map((t) => t.getBoundingClientRect());
          const wider = [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > root.clientWidth && !e.querySelector('table,div,img'))
            .slice(0, 5)
            .map((e) => e.tagName + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 40));
          return {
            scrollWidth: root.scrollWidth,
            clientWidth: root.clientWidth,
            card: card.width,
            tileRows: new Set(tiles.map((t) => Math.round(t.top))).size,
            tiles: tiles.length,
            wider,
          };
        })()`);
        expect(m.wider).toEqual([]);
        expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
        expect(m.card).toBeLessThanOrEqual(600);
        if (width === 360) expect(m.tileRows).toBe(m.tiles);
        else expect(m.tileRows).toBe(Math.ceil(m.tiles / 4)); // four in a row
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  describe('access and validation', () => {
    let subA: string;

    beforeAll(async () => {
      subA = (await subscribe(org.users.unitHeadA, validBody({ name: 'Punya PD A' }))).body.id;
    });

    it('should keep a PD head to their own PD', async () => {
      const { unitHeadA, unitHeadB } = org.users;
      expect((await subscribe(unitHeadA, validBody({ scope: { unitId: org.pdB.id } }))).status).toBe(403);
      expect((await subscribe(unitHeadA, validBody({ scope: { regencyWide: true } }))).status).toBe(403);
      const own = await subscribe(
        unitHeadA,
        validBody({ scope: { unitId: org.pdA.id, teamId: org.teams.network } }),
      );
      expect(own.status).toBe(201);
      // Users are picked as the directory shows them: a PD head's from their own PD only.
      const otherPdUser = await subscribe(
        unitHeadA,
        validBody({ recipients: [{ email: 'sekretaris@pd-a.go.id' }, { userId: org.users.requesterB.id }] }),
      );
      expect(otherPdUser.status).toBe(400);
      expect(otherPdUser.body.errors).toEqual([
        expect.objectContaining({ field: 'recipients.1.userId', message: expect.stringContaining('own PD') }),
      ]);
      const patched = await api.http
        .patch(`/api/v1/report-subscriptions/${own.body.id}`)
        .set(unitHeadA.auth)
        .send({ recipients: [{ userId: unitHeadB.id }] });
      expect(patched.status).toBe(400);
      expect(
        (await subscribe(org.users.supervisor, validBody({ recipients: [{ userId: unitHeadB.id }] }))).status,
      ).toBe(201);
      expect(own.body.scope).toMatchObject({
        unitId: org.pdA.id,
        teamId: org.teams.network,
        teamName: 'NET',
      });

      for (const [method, path] of [
        ['get', ''],
        ['patch', ''],
        ['delete', ''],
        ['post', '/send-now'],
        ['get', '/deliveries'],
      ] as const) {
        const res = await api.http[method](`/api/v1/report-subscriptions/${subA}${path}`)
          .set(unitHeadB.auth)
          .send(method === 'patch' ? { name: 'diambil alih' } : undefined);
        expect(res.status).toBe(404);
      }
      const listB = (await api.http.get('/api/v1/report-subscriptions').set(unitHeadB.auth)).body;
      expect(listB.map((s: { id: string }) => s.id)).not.toContain(subA);
      expect(listB.every((s: { scope: { unitId: string } }) => s.scope.unitId === org.pdB.id)).toBe(true);
      const listSupervisor = (
        await api.http.get('/api/v1/report-subscriptions').set(org.users.supervisor.auth)
      ).body;
      expect(listSupervisor.map((s: { id: string }) => s.id)).toContain(subA);
      expect(
        (await api.http.get(`/api/v1/report-subscriptions/${subA}`).set(org.users.supervisor.auth)).status,
      ).toBe(200);
      expect((await api.http.get(`/api/v1/report-subscriptions/not-a-uuid`).set(unitHeadA.auth)).status).toBe(
        404,
      );
    });

    it.each(['tier1A', 'requesterA', 'tier2', 'csirt', 'admin'] as const)(
      'should refuse every subscription route to %s',
      async (who) => {
        const u = org.users[who];
        expect((await subscribe(u, validBody())).status).toBe(403);
        expect((await api.http.get('/api/v1/report-subscriptions').set(u.auth)).status).toBe(403);
        expect(
          (await api.http.post(`/api/v1/report-subscriptions/${subA}/send-now`).set(u.auth)).status,
        ).toBe(403);
        expect(
          (await api.http.get(`/api/v1/report-subscriptions/${subA}/deliveries`).set(u.auth)).status,
        ).toBe(403);
      },
    );

    it.each([
      [{ frequency: 'hourly' }, ['frequency']],
      [{ sendAt: '7:00' }, ['sendAt']],
      [{ sendAt: '24:00', name: 'x' }, ['name', 'sendAt']],
      [{ recipients: [] }, ['recipients']],
      [{ recipients: [{}] }, ['recipients.0.userId', 'recipients.0.email']],
      [{ recipients: [{ email: 'bukan-alamat' }] }, ['recipients.0.email']],
      [{ scope: undefined }, ['scope']],
      [{ scope: { unitId: 'pd-a' } }, ['scope.unitId']],
    ])('should answer 400 naming the bad fields of %j', async (override, fields) => {
      const res = await subscribe(org.users.supervisor, validBody(override));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    });

    it('should refuse unknown users, both kinds of recipient at once, and a unit in a regency-wide scope', async () => {
      const res = await subscribe(
        org.users.supervisor,
        validBody({
          scope: { regencyWide: true, unitId: org.pdA.id },
          recipients: [{ userId: '00000000-0000-4000-8000-000000000000' }],
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['scope.unitId']);
      const users = await subscribe(
        org.users.supervisor,
        validBody({
          recipients: [
            { userId: '00000000-0000-4000-8000-000000000000' },
            { userId: org.users.tier1A.id, email: 'dua@pd-a.go.id' },
          ],
        }),
      );
      expect(users.status).toBe(400);
      expect(users.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'recipients.1',
        'recipients.0.userId',
      ]);
      const dinas = await subscribe(org.users.supervisor, validBody({ scope: { unitId: org.dinasId } }));
      expect(dinas.status).toBe(400);
      expect(dinas.body.errors.map((e: { field: string }) => e.field)).toEqual(['scope.unitId']);
    });

    it('should delete a subscription and its scheduler', async () => {
      const { body: sub } = await subscribe(org.users.unitHeadA, validBody({ name: 'Hapus saya' }));
      expect(await reportsQueue().getJobScheduler(schedulerIds.reportSubscription(sub.id))).toBeTruthy();
      const res = await api.http
        .delete(`/api/v1/report-subscriptions/${sub.id}`)
        .set(org.users.unitHeadA.auth);
      expect(res.status).toBe(204);
      expect(await reportsQueue().getJobScheduler(schedulerIds.reportSubscription(sub.id))).toBeFalsy();
      expect(
        (await api.http.get(`/api/v1/report-subscriptions/${sub.id}`).set(org.users.unitHeadA.auth)).status,
      ).toBe(404);
    });
  });
});
