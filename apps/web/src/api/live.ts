import type { Named, PriorityName, QueueClock, Ticket, TicketStatusName } from '@desk/contracts';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { API_BASE, getToken } from './client';

/** One event of `GET /events/stream` (the api filters it by what the user may see). */
export interface TicketStreamEvent {
  type: string;
  ticketId: string;
  unitId: string;
  teamId: string | null;
  /** The ticket's queue clock as the event left the server (absent from an older api). */
  queueClock?: QueueClock | null;
  /** The row's fields as the event left the server (absent from an older api). */
  row?: LiveRow | null;
}

/** What a live event sets on a ticket's row at once. */
export interface LiveRow {
  status: TicketStatusName;
  priority: PriorityName;
  tier: number;
  assignee: Named | null;
  version: number;
}

type Cached = Ticket | { items?: Ticket[]; pages?: { items: Ticket[] }[] } | undefined;

/**
 * Puts an event's queue clock and row fields (status, assignee, priority, tier, version) on every
 * cached copy of its ticket (list pages, samples, the ticket itself) at once, so a live row shows the
 * state of after the change even before, or without, the refetch that follows. A copy already newer
 * than the event (a refetch that overtook it) keeps its fields.
 */
export function applyLiveEvent(
  qc: QueryClient,
  ticketId: string,
  change: { queueClock?: QueueClock | null; row?: LiveRow | null },
): void {
  const fields: Partial<Ticket> = {
    ...(change.queueClock ? { queueClock: change.queueClock } : {}),
    ...(change.row ?? {}),
  };
  if (!Object.keys(fields).length) return;
  const patch = (t: Ticket): Ticket =>
    t.id !== ticketId || (change.row && t.version > change.row.version) ? t : { ...t, ...fields };
  const walk = (data: Cached): Cached => {
    if (!data || typeof data !== 'object') return data;
    if ('pages' in data && Array.isArray(data.pages))
      return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map(patch) })) };
    if ('items' in data && Array.isArray(data.items)) return { ...data, items: data.items.map(patch) };
    return 'id' in data && 'version' in data ? patch(data as Ticket) : data;
  };
  qc.setQueriesData<Cached>({ queryKey: ['tickets'] }, walk);
  qc.setQueriesData<Cached>({ queryKey: ['ticket', ticketId] }, walk);
}

/** Several changes in a burst (a claim, a comment, a status) refetch once. */
const COALESCE_MS = 400;

/**
 * Keeps the queues live: listens to the api's Server-Sent Events and marks the affected TanStack
 * queries stale, so they refetch at once. EventSource reconnects by itself (the api sends `retry`);
 * the pages keep their polling as a fallback for proxies that break streams.
 * Returns whether the stream is open now.
 */
export function useLiveTicketEvents(enabled: boolean): boolean {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const pending = useRef<{ timer?: ReturnType<typeof setTimeout>; ids: Set<string> }>({ ids: new Set() });

  useEffect(() => {
    const token = getToken();
    if (!enabled || !token || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_BASE}/events/stream?access_token=${encodeURIComponent(token)}`);
    const state = pending.current;
    const flush = () => {
      state.timer = undefined;
      const ids = [...state.ids];
      state.ids.clear();
      void qc.invalidateQueries({ queryKey: ['tickets'] });
      void qc.invalidateQueries({ queryKey: ['queues'] });
      for (const id of ids) void qc.invalidateQueries({ queryKey: ['ticket', id] });
    };
    source.onopen = () => setOpen(true);
    source.onerror = () => setOpen(source.readyState === EventSource.OPEN);
    source.addEventListener('ticket', (message) => {
      try {
        const event = JSON.parse((message as MessageEvent<string>).data) as TicketStreamEvent;
        if (event.ticketId) state.ids.add(event.ticketId);
        if (event.ticketId) applyLiveEvent(qc, event.ticketId, event);
      } catch {
        /* a malformed event still means something changed */
      }
      state.timer ??= setTimeout(flush, COALESCE_MS);
    });
    return () => {
      source.close();
      clearTimeout(state.timer);
      state.timer = undefined;
      setOpen(false);
    };
  }, [enabled, qc]);

  return open;
}

/** Whether the signed-in layout's stream is open (one stream per tab, shared by every page). */
export const LiveStatusContext = createContext(false);
export const useLiveStatus = () => useContext(LiveStatusContext);
