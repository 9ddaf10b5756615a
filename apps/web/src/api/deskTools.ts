import type { BulkResult, ReplyTemplate, Ticket, TicketLink } from '@desk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authHeaders, buildUrl, request } from './client';

/** A ticket by its number (the `/tiket/TIK-2026-000033` route). */
export const useTicketByNumber = (number: string | undefined) =>
  useQuery({
    queryKey: ['ticket-number', number],
    queryFn: ({ signal }) =>
      request<Ticket>(`/tickets/by-number/${encodeURIComponent(number ?? '')}`, { signal }),
    enabled: !!number,
  });

/** The web address of a ticket: by its number. */
export const ticketPath = (t: { number: string }) => `/tiket/${t.number}`;

export const useTicketLinks = (ticketId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['ticket', ticketId, 'links'],
    queryFn: ({ signal }) => request<TicketLink[]>(`/tickets/${ticketId}/links`, { signal }),
    enabled,
  });

export function useLinkMutations(ticketId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ['ticket'] });
  const add = useMutation({
    mutationFn: async (input: { type: TicketLink['type']; number: string }) => {
      const other = await request<Ticket>(`/tickets/by-number/${encodeURIComponent(input.number.trim())}`);
      return request<TicketLink>(`/tickets/${ticketId}/links`, {
        method: 'POST',
        body: { type: input.type, ticketId: other.id },
      });
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (linkId: string) =>
      request<void>(`/tickets/${ticketId}/links/${linkId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { add, remove };
}

export const useReplyTemplates = (ticketId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['reply-templates', ticketId],
    queryFn: ({ signal }) => request<ReplyTemplate[]>('/reply-templates', { query: { ticketId }, signal }),
    enabled,
    staleTime: 60_000,
  });

export function useCreateReplyTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; body: string; scope: ReplyTemplate['scope'] }) =>
      request<ReplyTemplate>('/reply-templates', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['reply-templates'] }),
  });
}

export function useBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[]; action: string; input?: Record<string, unknown> }) =>
      request<{ results: BulkResult[] }>('/tickets/bulk', { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

/** An attachment's bytes as an object URL (the download needs the bearer token, so no plain src). */
export const useAttachmentBlobUrl = (ticketId: string, attachmentId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['attachment-blob', ticketId, attachmentId],
    queryFn: async ({ signal }) => {
      const res = await fetch(buildUrl(`/tickets/${ticketId}/attachments/${attachmentId}`), {
        headers: authHeaders(),
        signal,
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return URL.createObjectURL(await res.blob());
    },
    enabled,
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
