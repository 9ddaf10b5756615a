import type { TestApi } from '../harness';
import type { TestUser } from './org.factory';

const HOUR = 3600_000;

/** A LAN change a week ahead, two hours long, unless overridden. */
export const validChange = (overrides: Record<string, unknown> = {}) => {
  const start = new Date(Date.now() + 7 * 24 * HOUR);
  return {
    title: 'Penggantian switch LAN lantai 2',
    description: 'Switch lama sering mati; diganti switch 48 port yang baru.',
    type: 'normal',
    systems: ['LAN Kantor'],
    risk: 'medium',
    impactAssessment: 'Jaringan lantai 2 mati selama dua jam.',
    implementationPlan: 'Pasang switch baru, pindahkan kabel, uji koneksi.',
    rollbackPlan: 'Pasang kembali switch lama.',
    plannedStart: start.toISOString(),
    plannedEnd: new Date(start.getTime() + 2 * HOUR).toISOString(),
    ...overrides,
  };
};

/** Files a change over HTTP, asserting 201. */
export async function fileChange(api: TestApi, as: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await api.http.post('/api/v1/changes').set(as.auth).send(validChange(overrides));
  if (res.status !== 201)
    throw new Error(`filing a change failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Moves a change to a phase over HTTP, asserting 200. */
export async function movePhase(
  api: TestApi,
  as: TestUser,
  id: string,
  phase: string,
  extra: Record<string, unknown> = {},
) {
  const res = await api.http
    .post(`/api/v1/changes/${id}/phase`)
    .set(as.auth)
    .send({ phase, ...extra });
  if (res.status !== 200) throw new Error(`${phase} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const approve = { approval: { decision: 'approved', reason: 'Rencana dan rollback memadai' } };
export const review = {
  review: { successful: true, incidentsCaused: 0, lessons: 'Berjalan sesuai rencana' },
};
