import { isoFromPgText, sqlExecute, sqlRows } from '@desk/database';
import { AuthService } from '@desk/org-auth';
import { ListTicketsQuery, TicketQueryService } from '@desk/tickets';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { act, fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';

/**
 * The hot reads (a ticket list page, one ticket) write their answer straight as JSON text from rows
 * whose times stay PostgreSQL's text (docs/read-path-performance.md). Their bodies must be byte for
 * byte what the object mapping (`toTicketView`, then JSON.stringify) gives for the same rows and
 * reader: the same keys in the same order, the same times, the same queue clock, escaped text alike.
 */
describe('Read path: the JSON written for the hot reads is the API view, byte for byte', () => {
  let api: TestApi;
  let org: TestOrg;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
    const { requesterA, tier1A } = org.users;
    const file = async (title: string) => (await fileTicket(api, requesterA, { title })).id as string;
    ids.fresh = await file('Printer lantai 2 mati');
    ids.pending = await file('Menunggu suku cadang');
    for (const [action, body] of [
      ['claim', {}],
      ['start', {}],
      ['pend', { reason: 'Menunggu pemohon' }],
    ] as const)
      await act(api, tier1A, ids.pending, action, body);
    ids.escalated = await file('Jaringan putus "total" \\ semua ruangan');
    await act(api, tier1A, ids.escalated, 'escalate', {
      teamId: org.teams.network,
      reason: 'Butuh jaringan',
    });
    ids.rated = await file('Sudah beres');
    for (const [action, body] of [
      ['claim', {}],
      ['start', {}],
      ['resolve', { resolution: 'Kabel diganti' }],
    ] as const)
      await act(api, tier1A, ids.rated, action, body);
    const rated = await api.http
      .post(`/api/v1/tickets/${ids.rated}/rating`)
      .set(requesterA.auth)
      .send({ score: 4, comment: 'Cepat\nterima kasih "tim"' });
    expect(rated.status).toBe(200);
    ids.noClocks = await file('Tanpa jam SLA');
    ids.oddText = await file('Teks aneh');
    ids.overdue = await file('Lewat tenggat');

    // Text only a stored row can hold (control characters, line separators, emoji), a ticket filed
    // before the SLA engine (no clock rows, so the ticket's own due columns), an overdue one.
    await sqlExecute(api.dataSource, `UPDATE ticket SET title = $2, description = $3 WHERE id = $1`, [
      ids.oddText,
      'Tab\there \u0001\u001f </script> \u2028\u2029 😀 é',
      'back\\slash "kutip" \r\n\b\f',
    ]);
    await sqlExecute(api.dataSource, `DELETE FROM ticket_sla_clock WHERE ticket_id = $1`, [ids.noClocks]);
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket_sla_clock SET due_at = now() - interval '1 hour' WHERE ticket_id = $1`,
      [ids.overdue],
    );
    // Times to the millisecond: the object path reads them through pg's date parser, which turns
    // some fractions into a millisecond less by floating point (.029 into .028); the JSON path cuts
    // the text as Date#toISOString does. Whole milliseconds read alike on both.
    const ticketTimes = [
      'created_at',
      'updated_at',
      'first_response_at',
      'escalated_at',
      'pending_until',
      'resolved_at',
      'auto_close_at',
      'closed_at',
      'cancelled_at',
      'response_due_at',
      'resolution_due_at',
      'rated_at',
    ];
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket SET ${ticketTimes.map((c) => `${c} = date_trunc('milliseconds', ${c})`).join(', ')}`,
      [],
    );
    const clockTimes = [
      'started_at',
      'due_at',
      'warned_at',
      'breached_at',
      'met_at',
      'paused_at',
      'stopped_at',
    ];
    await sqlExecute(
      api.dataSource,
      `UPDATE ticket_sla_clock SET ${clockTimes.map((c) => `${c} = date_trunc('milliseconds', ${c})`).join(', ')}`,
      [],
    );
  });
  afterAll(() => api.close());

  const actorOf = (user: TestUser) => api.app.get(AuthService).authenticate(user.token);
  const readers = () =>
    [
      ['requester', org.users.requesterA],
      ['Tier 1', org.users.tier1A],
      ['Tier 2', org.users.tier2],
      ['supervisor', org.users.supervisor],
    ] as const;

  it('should answer each ticket exactly as the object mapping prints it, for every reader', async () => {
    const query = api.app.get(TicketQueryService);
    let compared = 0;
    for (const [, user] of readers()) {
      const actor = await actorOf(user);
      for (const id of Object.values(ids)) {
        const res = await api.http.get(`/api/v1/tickets/${id}`).set(user.auth);
        if (res.status === 404) {
          await expect(query.get(actor, id)).rejects.toThrow('Ticket not found');
          continue;
        }
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.text).toBe(JSON.stringify(await query.get(actor, id)));
        compared++;
      }
    }
    // Every kind of ticket was compared at least by the agents who see them all.
    expect(compared).toBeGreaterThanOrEqual(2 * Object.keys(ids).length);
    const odd = await api.http.get(`/api/v1/tickets/${ids.oddText}`).set(org.users.tier1A.auth);
    expect(odd.body.title).toBe('Tab\there \u0001\u001f </script> \u2028\u2029 😀 é');
    const escalated = await api.http.get(`/api/v1/tickets/${ids.escalated}`).set(org.users.tier2.auth);
    expect(escalated.body.sla.tier2Response).toMatchObject({ dueAt: expect.any(String), metAt: null });
    const overdue = await api.http.get(`/api/v1/tickets/${ids.overdue}`).set(org.users.tier1A.auth);
    expect(overdue.body.queueClock.state).toBe('breached');
    const pending = await api.http.get(`/api/v1/tickets/${ids.pending}`).set(org.users.tier1A.auth);
    expect(pending.body.queueClock.state).toBe('paused');
    const rated = await api.http.get(`/api/v1/tickets/${ids.rated}`).set(org.users.requesterA.auth);
    expect(rated.body.rating).toMatchObject({ score: 4, comment: 'Cepat\nterima kasih "tim"' });
    expect(rated.body.requester).toEqual({ id: org.users.requesterA.id, name: expect.any(String) });
  });

  it('should answer every list page exactly as the object mapping prints it, cursor included', async () => {
    const query = api.app.get(TicketQueryService);
    for (const [, user] of readers()) {
      const actor = await actorOf(user);
      const lists: { sort: string; limit: number; status?: string[]; q?: string }[] = [
        { sort: 'due', status: ['open'], limit: 25 },
        { sort: 'due', status: ['open'], limit: 2 },
        { sort: 'created', limit: 3 },
        { sort: 'created', status: ['resolved'], limit: 25 },
        { sort: 'created', q: 'jaringan', limit: 25 },
      ];
      for (const qs of lists) {
        let cursor: string | null | undefined;
        let pages = 0;
        do {
          const params = new URLSearchParams({ sort: qs.sort, limit: String(qs.limit) });
          for (const s of qs.status ?? []) params.append('status', s);
          if (qs.q) params.set('q', qs.q);
          if (cursor) params.set('cursor', cursor);
          const res = await api.http.get(`/api/v1/tickets?${params}`).set(user.auth);
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
          const expected = await query.list(actor, { ...qs, cursor } as unknown as ListTicketsQuery);
          expect(res.text).toBe(JSON.stringify(expected));
          cursor = res.body.nextCursor;
          pages++;
        } while (cursor && pages < 10);
      }
    }
  });

  it('should print times as Date#toISOString does, whatever time zone the session runs in', async () => {
    // The rows' times are read as PostgreSQL's text and rearranged, not parsed into Dates.
    const instants = [
      '2026-03-01T23:59:59.999999Z',
      '2026-03-01T23:59:59.0299Z',
      '2026-03-02T00:00:00Z',
      '2026-03-02T00:00:00.5Z',
      '2026-12-31T17:00:00.12Z',
    ];
    for (const zone of ['UTC', 'Asia/Jakarta', 'Asia/Kolkata', 'America/St_Johns']) {
      const texts = await api.dataSource.transaction(async (em) => {
        await sqlExecute(em, `SELECT set_config('TimeZone', $1, true)`, [zone]);
        return sqlRows<{ text: string; json: string }>(
          em,
          `SELECT v::timestamptz::text AS text, to_jsonb(v::timestamptz) #>> '{}' AS json
             FROM unnest($1::text[]) WITH ORDINALITY AS x(v, i) ORDER BY i`,
          [instants],
        );
      });
      texts.forEach(({ text, json }, i) => {
        // Date keeps milliseconds, cut (never rounded up).
        const expected = new Date(instants[i].replace(/(\.\d{3})\d+/, '$1')).toISOString();
        expect([zone, isoFromPgText(text)]).toEqual([zone, expected]);
        expect([zone, isoFromPgText(json)]).toEqual([zone, expected]);
      });
    }
    expect(isoFromPgText('2026-03-01 23:59:59.999999+00')).toBe('2026-03-01T23:59:59.999Z');
    // Years past 9999 and BC print as toISOString prints them, as the object path did.
    expect(isoFromPgText('10000-01-01 00:00:00+00')).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoFromPgText('2026-01-01 00:00:00+00 BC')).toBe(new Date(Date.UTC(-2025, 0, 1)).toISOString());
    expect(isoFromPgText(null)).toBeNull();
  });

  it('should still answer 404 alike for a hidden and a missing ticket, and for a malformed id', async () => {
    const hidden = await api.http.get(`/api/v1/tickets/${ids.fresh}`).set(org.users.requesterB.auth);
    const missing = await api.http
      .get('/api/v1/tickets/00000000-0000-4000-8000-000000000000')
      .set(org.users.requesterB.auth);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(hidden.body).toEqual(missing.body);
    const bad = await api.http.get('/api/v1/tickets/nope').set(org.users.requesterB.auth);
    expect(bad.status).toBe(404);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('should name every bad field of a list query every time, though good queries are remembered', async () => {
    const { tier1A } = org.users;
    const good = '/api/v1/tickets?sort=due&status=open&limit=2';
    const first = await api.http.get(good).set(tier1A.auth);
    for (let i = 0; i < 3; i++) {
      const again = await api.http.get(good).set(tier1A.auth);
      expect(again.status).toBe(200);
      expect(again.text).toBe(first.text);
    }
    for (let i = 0; i < 3; i++) {
      const bad = await api.http.get('/api/v1/tickets?sort=soon&limit=0&status=nope&tier=3').set(tier1A.auth);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'limit',
        'sort',
        'status',
        'tier',
      ]);
      const unknown = await api.http.get('/api/v1/tickets?sort=due&colour=red').set(tier1A.auth);
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([{ field: 'colour', message: expect.any(String) }]);
    }
    // A remembered query with other filters is another query.
    const resolved = await api.http.get('/api/v1/tickets?sort=due&status=resolved&limit=2').set(tier1A.auth);
    expect((resolved.body.items as { status: string }[]).every((t) => t.status === 'resolved')).toBe(true);
  });
});
