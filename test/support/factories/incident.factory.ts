import type { TestApi } from '../harness';
import type { TestUser } from './org.factory';

/** A valid report: phishing with stolen passwords, detected an hour ago. */
export const validIncident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Email phishing, dua pegawai memasukkan kata sandi',
  description: 'Email berisi tautan login palsu; dua pegawai bidang keuangan memasukkan kata sandi.',
  category: 'phishing',
  severity: 'high',
  affectedSystems: ['mail.dinas.go.id'],
  detectedAt: new Date(Date.now() - 3600_000).toISOString(),
  dataSecured: false,
  containmentActions: 'Kata sandi kedua akun sudah diganti.',
  ...overrides,
});

/** Reports an incident over HTTP and returns its body (asserting 201). */
export async function reportIncident(api: TestApi, as: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await api.http.post('/api/v1/incidents').set(as.auth).send(validIncident(overrides));
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A 1x1 PNG: real image bytes, whatever byte check the upload applies. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Moves an incident through the phases up to `to` as `as` (a CSIRT user). */
export async function walkPhases(api: TestApi, as: TestUser, id: string, to: string) {
  const order = ['reported', 'triage', 'containment', 'eradication', 'recovery', 'closed'];
  const current = (await api.http.get(`/api/v1/incidents/${id}`).set(as.auth)).body.phase as string;
  for (const phase of order.slice(order.indexOf(current) + 1, order.indexOf(to) + 1)) {
    const body: Record<string, unknown> = { phase, note: `Masuk tahap ${phase}` };
    if (phase === 'closed') body.lessonsLearned = 'Pelatihan kesadaran phishing untuk semua pegawai.';
    const res = await api.http.post(`/api/v1/incidents/${id}/phase`).set(as.auth).send(body);
    if (res.status !== 200)
      throw new Error(`phase ${phase} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
