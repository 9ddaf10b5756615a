import { approve, fileChange, movePhase } from '../support/factories/change.factory';
import { createOrg, TestOrg, TestUser } from '../support/factories/org.factory';
import { fileTicket } from '../support/factories/ticket.factory';
import { startApi, TestApi } from '../support/harness';

const HOUR = 3600_000;

/**
 * Editing an approved change: what the supervisor approved is no longer what will be done, so the
 * approval is void, the change goes back to the approval queue, the timeline says so and the
 * supervisors are asked again by mail, once per edit.
 */
describe('Change management: an edit after approval asks for approval again', () => {
  let api: TestApi;
  let org: TestOrg;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrg(api.app);
  });
  afterAll(() => api?.close());

  const patch = (as: TestUser, id: string, body: Record<string, unknown>) =>
    api.http.patch(`/api/v1/changes/${id}`).set(as.auth).send(body);
  const approvalMails = async (changeId: string) =>
    (await api.dataSource.query(
      `SELECT recipient, subject FROM mail_message
        WHERE aggregate_id = $1 AND kind = 'change.approval-requested' ORDER BY created_at, subject`,
      [changeId],
    )) as { recipient: string; subject: string }[];
  const timeline = async (as: TestUser, id: string) =>
    (await api.http.get(`/api/v1/changes/${id}/timeline`).set(as.auth)).body.items as {
      type: string;
      fromPhase: string | null;
      toPhase: string | null;
      data: Record<string, unknown>;
    }[];

  async function approvedChange(as: TestUser, overrides: Record<string, unknown> = {}) {
    const c = await fileChange(api, as, overrides);
    await movePhase(api, as, c.id, 'analysis');
    await movePhase(api, as, c.id, 'approval');
    return movePhase(api, org.users.supervisor, c.id, 'development', approve);
  }

  it('should send an edited approved change back to approval, record it and ask the supervisors once', async () => {
    const { tier1A, supervisor, requesterA } = org.users;
    const approved = await approvedChange(tier1A);
    expect(approved).toMatchObject({ phase: 'development', approvalStatus: 'approved', canEdit: true });
    expect(await approvalMails(approved.id)).toHaveLength(1);

    // Linking a ticket changes nothing that was approved.
    const ticket = await fileTicket(api, requesterA, { title: 'Switch lantai 2 mati lagi' });
    const linked = await patch(tier1A, approved.id, { ticketIds: [ticket.id], version: approved.version });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ phase: 'development', approvalStatus: 'approved' });

    // A new rollback plan and a later window do.
    const start = new Date(Date.now() + 9 * 24 * HOUR);
    const edited = await patch(tier1A, approved.id, {
      rollbackPlan: 'Kembalikan konfigurasi switch lama dari cadangan.',
      plannedStart: start.toISOString(),
      plannedEnd: new Date(start.getTime() + 3 * HOUR).toISOString(),
      version: linked.body.version,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      phase: 'approval',
      approvalStatus: 'pending',
      decidedBy: null,
      decisionReason: null,
      canEdit: false,
    });
    expect(Date.parse(edited.body.approvalRequestedAt)).toBeGreaterThan(Date.parse(approved.updatedAt) - 1);

    const steps = await timeline(tier1A, approved.id);
    const voided = steps.filter((e) => e.type === 'approval-voided');
    expect(voided).toHaveLength(1);
    expect(voided[0]).toMatchObject({ fromPhase: 'development', toPhase: 'approval' });
    expect(new Set(voided[0].data.fields as string[])).toEqual(new Set(['rollbackPlan', 'window']));
    expect(steps.filter((e) => e.type === 'approval-requested')).toHaveLength(2);

    // The supervisor is asked again, once, saying why.
    const mails = await approvalMails(approved.id);
    expect(mails.map((m) => m.recipient)).toEqual([supervisor.email, supervisor.email]);
    expect(mails.filter((m) => /Persetujuan ulang/.test(m.subject))).toHaveLength(1);
    // The same edit sent again is stale: no second request, no second mail.
    const again = await patch(tier1A, approved.id, {
      rollbackPlan: 'Kembalikan konfigurasi switch lama dari cadangan.',
      version: linked.body.version,
    });
    expect(again.status).toBe(409);
    expect(await approvalMails(approved.id)).toHaveLength(2);

    // Nothing goes ahead until the supervisor decides again; it shows in the approval queue.
    const ahead = await api.http
      .post(`/api/v1/changes/${approved.id}/phase`)
      .set(tier1A.auth)
      .send({ phase: 'implementation' });
    expect(ahead.status).toBe(409);
    expect(ahead.body.currentPhase).toBe('approval');
    const queue = await api.http.get('/api/v1/changes?approval=pending').set(supervisor.auth);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(approved.id);
    const reapproved = await movePhase(api, supervisor, approved.id, 'development', approve);
    expect(reapproved).toMatchObject({ phase: 'development', approvalStatus: 'approved' });
    const decided = (await api.dataSource.query(
      `SELECT recipient FROM mail_message WHERE aggregate_id = $1 AND kind = 'change.decided'`,
      [approved.id],
    )) as { recipient: string }[];
    expect(decided.map((m) => m.recipient)).toEqual([tier1A.email, tier1A.email]);
  });

  it('should keep an approved emergency change going but ask again before evaluation', async () => {
    const { tier1A, supervisor } = org.users;
    const c = await fileChange(api, tier1A, { type: 'emergency', title: 'Darurat: router inti mati' });
    await movePhase(api, tier1A, c.id, 'development');
    const approved = await movePhase(api, supervisor, c.id, 'development', approve);
    expect(approved.approvalStatus).toBe('approved');
    const edited = await patch(tier1A, c.id, {
      implementationPlan: 'Ganti router inti dengan unit cadangan dari gudang.',
      version: approved.version,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ phase: 'development', approvalStatus: 'pending', canDecide: false });
    await movePhase(api, tier1A, c.id, 'implementation');
    await movePhase(api, tier1A, c.id, 'monitoring');
    const early = await api.http
      .post(`/api/v1/changes/${c.id}/phase`)
      .set(tier1A.auth)
      .send({ phase: 'evaluation' });
    expect(early.status).toBe(409);
    expect(await approvalMails(c.id)).toHaveLength(2);
  });

  it('should not ask again when the change was never approved, nor for a template-made standard change', async () => {
    const { tier1A } = org.users;
    const planned = await fileChange(api, tier1A);
    const edited = await patch(tier1A, planned.id, { title: 'Judul rencana yang lebih jelas', version: 1 });
    expect(edited.body).toMatchObject({ phase: 'planning', approvalStatus: 'none' });
    expect((await timeline(tier1A, planned.id)).map((e) => e.type)).toEqual(['created', 'updated']);
    expect(await approvalMails(planned.id)).toHaveLength(0);

    const template = await approvedChange(tier1A, { type: 'standard', title: 'Tambah titik akses Wi-Fi' });
    const repeat = await fileChange(api, tier1A, {
      type: 'standard',
      templateId: template.id,
      title: 'Titik akses Wi-Fi ruang rapat',
    });
    await movePhase(api, tier1A, repeat.id, 'analysis');
    const dev = await movePhase(api, tier1A, repeat.id, 'development');
    const moved = await patch(tier1A, repeat.id, { risk: 'low', version: dev.version });
    expect(moved.body).toMatchObject({ phase: 'development', approvalStatus: 'not_required' });
    expect(await approvalMails(repeat.id)).toHaveLength(0);
  });
});
