import type { TestApi } from '../harness';
import type { TestUser } from './org.factory';

export const validTicket = (overrides: Record<string, unknown> = {}) => ({
  kind: 'incident',
  title: 'Internet mati di ruang pelayanan',
  description: 'Sejak pagi semua komputer tidak bisa membuka situs apa pun.',
  impact: 2,
  urgency: 2,
  ...overrides,
});

/** Files a ticket over HTTP and returns its body (asserting 201). */
export async function fileTicket(api: TestApi, as: TestUser, overrides: Record<string, unknown> = {}) {
  const res = await api.http.post('/api/v1/tickets').set(as.auth).send(validTicket(overrides));
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Takes an action over HTTP, asserting 200. */
export async function act(
  api: TestApi,
  as: TestUser,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
) {
  const res = await api.http.post(`/api/v1/tickets/${id}/${action}`).set(as.auth).send(body);
  if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
