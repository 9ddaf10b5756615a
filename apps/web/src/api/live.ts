import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { API_BASE, getToken } from './client';

/** One event of `GET /events/stream` (the api filters it by what the user may see). */
export interface TicketStreamEvent {
  type: string;
  ticketId: string;
  unitId: string;
  teamId: string | null;
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
