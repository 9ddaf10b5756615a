import type {
  Change,
  ChangeCalendarItem,
  ChangeSummary,
  ChangeTimelineItem,
  IncidentPage,
  ProblemRecord,
  ProblemSummary,
  ProblemTimelineItem,
  Ticket,
  Page,
} from '@desk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError, request } from './client';

/**
 * A mutation on one change or problem that answers the record: the cached record is replaced, its
 * timeline and the lists refetched; a 409 (stale or moved on) refetches the record.
 */
function useRecordMutation<R, B = Record<string, unknown>>(
  kind: 'change' | 'problem',
  id: string,
  path: string,
  method: 'POST' | 'PATCH',
) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => request<R>(path, { method, ...(body === undefined ? {} : { body }) }),
    onSuccess: (record: R) => {
      qc.setQueryData([kind, id], record);
      void qc.invalidateQueries({ queryKey: [kind, id, 'timeline'] });
      void qc.invalidateQueries({ queryKey: [`${kind}s`] });
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 409) void qc.invalidateQueries({ queryKey: [kind, id] });
    },
  });
}

export const useChanges = (query: { approval?: 'pending' } = {}) =>
  useQuery({
    queryKey: ['changes', query],
    queryFn: ({ signal }) => request<{ items: ChangeSummary[] }>('/changes', { query, signal }),
  });

export const useChange = (id: string) =>
  useQuery({
    queryKey: ['change', id],
    queryFn: ({ signal }) => request<Change>(`/changes/${id}`, { signal }),
  });

export const useChangeTimeline = (id: string) =>
  useQuery({
    queryKey: ['change', id, 'timeline'],
    queryFn: ({ signal }) => request<{ items: ChangeTimelineItem[] }>(`/changes/${id}/timeline`, { signal }),
  });

export const useChangeCalendar = (from: string, to: string) =>
  useQuery({
    queryKey: ['changes', 'calendar', from, to],
    queryFn: ({ signal }) =>
      request<{ items: ChangeCalendarItem[] }>('/changes/calendar', { query: { from, to }, signal }),
  });

export function useCreateChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => request<Change>('/changes', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['changes'] }),
  });
}

export const useUpdateChange = (id: string) =>
  useRecordMutation<Change>('change', id, `/changes/${id}`, 'PATCH');

/** Problems the user may link (the latest visible ones). */
export const useProblemChoices = () =>
  useQuery({
    queryKey: ['problems', 'choices'],
    queryFn: ({ signal }) =>
      request<{ items: ProblemSummary[] }>('/problems', { query: { limit: 200 }, signal }),
  });

/** Security incidents the user may see and so link (the incidents' own scope decides), newest first. */
export const useIncidentChoices = () =>
  useQuery({
    queryKey: ['incidents', 'choices'],
    queryFn: ({ signal }) =>
      request<IncidentPage>('/incidents', { query: { sort: 'created', limit: 200 }, signal }),
  });

export const useMovePhase = (id: string) =>
  useRecordMutation<Change>('change', id, `/changes/${id}/phase`, 'POST');

export const useProblems = () =>
  useQuery({
    queryKey: ['problems'],
    queryFn: ({ signal }) => request<{ items: ProblemSummary[] }>('/problems', { signal }),
  });

export const useProblem = (id: string) =>
  useQuery({
    queryKey: ['problem', id],
    queryFn: ({ signal }) => request<ProblemRecord>(`/problems/${id}`, { signal }),
  });

export const useProblemTimeline = (id: string) =>
  useQuery({
    queryKey: ['problem', id, 'timeline'],
    queryFn: ({ signal }) =>
      request<{ items: ProblemTimelineItem[] }>(`/problems/${id}/timeline`, { signal }),
  });

export function useCreateProblem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      request<ProblemRecord>('/problems', { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['problems'] }),
  });
}

export const useMoveProblem = (id: string) =>
  useRecordMutation<ProblemRecord>('problem', id, `/problems/${id}/status`, 'POST');

export const usePublishProblemArticle = (id: string) =>
  useRecordMutation<ProblemRecord, void>('problem', id, `/problems/${id}/kb-article`, 'POST');

/** The ids of tickets by number (the ticket list's exact-number search). */
export async function ticketIdsByNumber(numbers: string[]): Promise<{ ids: string[]; unknown: string[] }> {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const number of numbers) {
    const page = await request<Page<Ticket>>('/tickets', { query: { q: number, limit: 5 } });
    const hit = page.items.find((t) => t.number === number.toUpperCase());
    if (hit) ids.push(hit.id);
    else unknown.push(number);
  }
  return { ids, unknown };
}
