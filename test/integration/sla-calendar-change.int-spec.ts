import { INestApplicationContext } from '@nestjs/common';
import { WorkingCalendar } from '@desk/sla';
import { DateTime } from 'luxon';
import { createOrg, TestOrg } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, startWorker, TestApi, waitFor } from '../support/harness';
import { sqlExecute } from '../support/db';

/**
 * Issue 3: the clocks follow the working calendar and the policies, also when an admin edits them
 * after a ticket was filed: a new holiday (an extra cuti bersama, say) or a new target moves the due
 * times of running clocks, with every past pause still counted.
 */
describe('SLA clocks after a calendar or policy change', () => {
  let api: TestApi;
  let org: TestOrg;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
    worker = await startWorker(api.config);
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  const admin = () => org.users.admin.auth;
  const due = async (id: string) => {
    const t = (await api.http.get(`/api/v1/tickets/${id}`).set(org.users.tier1A.auth)).body;
    return { response: t.sla.response.dueAt as string, resolution: t.sla.resolution.dueAt as string };
  };

  it('should move the due times of running clocks when a holiday is declared on their due day, and back', async () => {
    const t = await fileTicket(api, org.users.requesterA, { impact: 2, urgency: 2 }); // P3, business time
    const before = await due(t.id);
    const calendar = (await api.http.get('/api/v1/calendar').set(admin())).body;
    const original = { timezone: calendar.timezone, hours: calendar.hours, holidays: calendar.holidays };
    const dueDay = DateTime.fromISO(before.resolution, { zone: calendar.timezone }).toISODate()!;

    const declared = await api.http
      .put('/api/v1/calendar')
      .set(admin())
      .send({
        ...original,
        holidays: [...original.holidays, { date: dueDay, name: 'Cuti bersama tambahan' }],
      });
    expect(declared.status).toBe(200);
    const moved = await waitFor(
      async () => {
        const now = await due(t.id);
        return now.resolution !== before.resolution ? now : null;
      },
      15000,
      'the resolution due time to move past the new holiday',
    );
    const movedDay = DateTime.fromISO(moved.resolution, { zone: calendar.timezone }).toISODate()!;
    expect(movedDay > dueDay).toBe(true);
    // The ticket's due columns (the queue's sort key) and the timer follow the clock.
    const [row] = await api.dataSource.query(
      `SELECT t.resolution_due_at AS "ticketDue", c.due_at AS "clockDue", c.next_fire_at AS "nextFire"
         FROM ticket t JOIN ticket_sla_clock c ON c.ticket_id = t.id AND c.clock = 'resolution' WHERE t.id = $1`,
      [t.id],
    );
    expect(new Date(row.ticketDue).toISOString()).toBe(moved.resolution);
    expect(new Date(row.clockDue).toISOString()).toBe(moved.resolution);
    expect(new Date(row.nextFire).getTime()).toBeLessThanOrEqual(Date.parse(moved.resolution));

    // Taking the holiday back puts the due time where it was.
    expect((await api.http.put('/api/v1/calendar').set(admin()).send(original)).status).toBe(200);
    await waitFor(
      async () => (await due(t.id)).resolution === before.resolution,
      15000,
      'the due time back after the holiday was removed',
    );
  });

  it('should re-place running clocks when their policy’s target changes, past pauses still counted', async () => {
    const policies = (await api.http.get('/api/v1/sla-policies').set(admin())).body;
    const p3 = policies.find(
      (p: { kind: string | null; priority: string }) => !p.kind && p.priority === 'P3',
    );
    const t = await fileTicket(api, org.users.requesterA, { impact: 2, urgency: 2 }); // P3
    await act(api, org.users.tier1A, t.id, 'claim');
    await act(api, org.users.tier1A, t.id, 'start');
    await act(api, org.users.tier1A, t.id, 'pend', { reason: 'Menunggu suku cadang' });
    // Pending for a week, from a minute after the clock started: five working days at least.
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket_sla_clock SET started_at = now() - interval '8 days' WHERE ticket_id = $1 AND clock = 'resolution'`,
      [t.id],
    );
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket_sla_pause SET started_at = now() - interval '8 days' + interval '1 minute'
        WHERE ticket_id = $1 AND ended_at IS NULL`,
      [t.id],
    );
    await act(api, org.users.tier1A, t.id, 'resume');

    const patched = await api.http
      .patch(`/api/v1/sla-policies/${p3.id}`)
      .set(admin())
      .send({ resolutionTarget: 'PT40H' });
    expect(patched.status).toBe(200);
    try {
      const calendar = new WorkingCalendar((await api.http.get('/api/v1/calendar').set(admin())).body);
      const [clock] = await api.dataSource.query(
        `SELECT c.started_at AS "startedAt", p.started_at AS "from", p.ended_at AS "to"
           FROM ticket_sla_clock c JOIN ticket_sla_pause p ON p.ticket_id = c.ticket_id
          WHERE c.ticket_id = $1 AND c.clock = 'resolution'`,
        [t.id],
      );
      const paused = calendar.msBetween(Date.parse(clock.from), Date.parse(clock.to));
      expect(paused).toBeGreaterThan(5 * 8.5 * 3600_000);
      const expected = calendar.addMs(calendar.addMs(Date.parse(clock.startedAt), 40 * 3600_000), paused);
      await waitFor(
        async () => Math.abs(Date.parse((await due(t.id)).resolution) - expected) < 1000,
        15000,
        'the resolution due time under the 40-hour target, the week pending still counted',
      );
    } finally {
      await api.http
        .patch(`/api/v1/sla-policies/${p3.id}`)
        .set(admin())
        .send({ resolutionTarget: p3.resolutionTarget });
    }
  });
});
