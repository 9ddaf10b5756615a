import type {
  Attachment,
  Category,
  Comment,
  HistoryEvent,
  Me,
  Page,
  Region,
  RoleName,
  Team,
  Ticket,
  TicketKindName,
  TicketStatusName,
  Unit,
  User,
  UserDirectory,
  WorkQueueList,
} from '@desk/contracts';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { isApiError, request } from './client';

const REFERENCE_STALE = 5 * 60_000;

/** Reference data everyone may read: the region, units, teams and categories. */
export const useRegion = () =>
  useQuery({ queryKey: ['region'], queryFn: () => request<Region>('/region'), staleTime: REFERENCE_STALE });
export const useUnits = () =>
  useQuery({ queryKey: ['units'], queryFn: () => request<Unit[]>('/units'), staleTime: REFERENCE_STALE });
export const useTeams = () =>
  useQuery({ queryKey: ['teams'], queryFn: () => request<Team[]>('/teams'), staleTime: REFERENCE_STALE });
export const useCategories = () =>
  useQuery({
    queryKey: ['categories'],
    queryFn: () => request<Category[]>('/categories'),
    staleTime: REFERENCE_STALE,
  });

/** The desks and teams the caller works, with counts (GET /queues), once the api offers it. */
export const useWorkQueues = (enabled: boolean, refetchInterval?: number) =>
  useQuery({
    queryKey: ['queues'],
    queryFn: ({ signal }) => request<WorkQueueList>('/queues', { signal }),
    enabled,
    refetchInterval,
  });

export function useMe(enabled: boolean) {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => request<Me>('/auth/me'),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

/** Query parameters of GET /tickets. */
export interface TicketQuery {
  status?: (TicketStatusName | 'open')[];
  tier?: 1 | 2;
  unitId?: string;
  teamId?: string;
  kind?: TicketKindName;
  priority?: string;
  assignee?: 'me' | 'none';
  breached?: boolean;
  categoryId?: string;
  requesterId?: string;
  /** Filed at or after this instant. */
  createdFrom?: string;
  /** Filed before this instant. */
  createdTo?: string;
  q?: string;
  sort?: 'due' | 'created';
  limit?: number;
}

export function useTicketPages(
  query: TicketQuery,
  options: { refetchInterval?: number; enabled?: boolean } = {},
) {
  return useInfiniteQuery({
    queryKey: ['tickets', query],
    queryFn: ({ pageParam, signal }) =>
      request<Page<Ticket>>('/tickets', {
        query: { ...query, limit: query.limit ?? 25, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
    enabled: options.enabled ?? true,
  });
}

/** Up to `max` tickets (following cursors), for counts and pictures of the current backlog. */
export function useTicketSample(
  query: TicketQuery,
  max: number,
  options: { refetchInterval?: number; enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: ['tickets', 'sample', query, max],
    queryFn: async ({ signal }) => {
      const items: Ticket[] = [];
      let cursor: string | undefined;
      do {
        const page = await request<Page<Ticket>>('/tickets', {
          query: { ...query, limit: 100, cursor },
          signal,
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < max);
      return { items: items.slice(0, max), truncated: !!cursor || items.length > max };
    },
    refetchInterval: options.refetchInterval,
    enabled: options.enabled ?? true,
  });
}

export function useTicket(id: string | undefined) {
  return useQuery({
    queryKey: ['ticket', id],
    queryFn: ({ signal }) => request<Ticket>(`/tickets/${id}`, { signal }),
    enabled: !!id,
    retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    refetchInterval: 60_000,
  });
}

export function useComments(id: string, enabled = true) {
  return useQuery({
    queryKey: ['ticket', id, 'comments'],
    queryFn: ({ signal }) => request<Comment[]>(`/tickets/${id}/comments`, { signal }),
    enabled,
  });
}

export function useAttachments(id: string, enabled = true) {
  return useQuery({
    queryKey: ['ticket', id, 'attachments'],
    queryFn: ({ signal }) => request<Attachment[]>(`/tickets/${id}/attachments`, { signal }),
    enabled,
  });
}

export function useHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['ticket', id, 'history'],
    queryFn: ({ signal }) => request<HistoryEvent[]>(`/tickets/${id}/history`, { signal }),
    enabled,
  });
}

/** Ticket actions of docs/domain.md, "Ticket lifecycle" (plus escalate/return once the api has them). */
export type TicketActionBody =
  | { action: 'claim' | 'start' | 'resume' | 'close'; version?: number }
  | { action: 'assign'; assigneeId: string; version?: number }
  | { action: 'pend'; reason: string; until?: string; version?: number }
  | { action: 'reopen' | 'cancel'; reason: string; version?: number }
  | { action: 'resolve'; resolution: string; version?: number }
  | { action: 'escalate'; teamId?: string; reason: string; version?: number }
  | { action: 'return'; notes: string; version?: number };

export function useTicketAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, ...body }: TicketActionBody) =>
      request<Ticket>(`/tickets/${id}/${action}`, { method: 'POST', body }),
    onSuccess: (ticket) => {
      qc.setQueryData(['ticket', id], ticket);
      void qc.invalidateQueries({ queryKey: ['ticket', id, 'history'] });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: (error) => {
      // Stale version or invalid transition: show the ticket as it is now.
      if (isApiError(error) && error.status === 409) void qc.invalidateQueries({ queryKey: ['ticket', id] });
    },
  });
}

export function useUpdateTicket(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      categoryId?: string | null;
      impact?: number;
      urgency?: number;
      title?: string;
      version: number;
    }) => request<Ticket>(`/tickets/${id}`, { method: 'PATCH', body }),
    onSuccess: (ticket) => {
      qc.setQueryData(['ticket', id], ticket);
      void qc.invalidateQueries({ queryKey: ['ticket', id, 'history'] });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 409) void qc.invalidateQueries({ queryKey: ['ticket', id] });
    },
  });
}

export function useAddComment(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string; internal: boolean }) =>
      request<Comment>(`/tickets/${id}/comments`, { method: 'POST', body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['ticket', id] });
    },
  });
}

export function useRate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { score: number; comment?: string }) =>
      request<Ticket>(`/tickets/${id}/rating`, { method: 'POST', body }),
    onSuccess: (ticket) => qc.setQueryData(['ticket', id], ticket),
  });
}

/**
 * The user directory (GET /users/directory): active users matching `q` by name or email, as far as
 * the caller may see them (admins and supervisors: everyone; PD heads: their own PD).
 */
export function useUserDirectory(q: string, enabled = true) {
  return useQuery({
    queryKey: ['users', 'directory', q],
    queryFn: ({ signal }) => request<UserDirectory>('/users/directory', { query: { q, limit: 20 }, signal }),
    // While the next search runs, the previous matches stay in the list.
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  });
}

/** Admin. */
export function useUsers(filter: { unitId?: string; role?: RoleName }, enabled = true) {
  return useQuery({
    queryKey: ['users', filter],
    queryFn: ({ signal }) => request<User[]>('/users', { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
