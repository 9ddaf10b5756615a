import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { API_BASE, getToken } from './client';

/** One event of `GET /events/incidents` (CSIRT users and supervisors only). */
export interface IncidentStreamEvent {
  type: string;
  incidentId: string;
}

/** Several changes in a burst (a phase change and its note) refetch once. */
const COALESCE_MS = 400;

/**
 * Keeps the CSIRT workspace and incident pages live: listens to the api's incident stream (its own,
 * apart from the ticket stream) and marks the incident queries stale so they refetch at once. The
 * browser's EventSource reconnects with `Last-Event-ID`, and the api replays what it missed.
 * Returns whether the stream is open (the pages then poll only as a slow fallback).
 */
export function useLiveIncidentEvents(enabled: boolean): boolean {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const pending = useRef<{ timer?: ReturnType<typeof setTimeout>; ids: Set<string> }>({ ids: new Set() });

  useEffect(() => {
    const token = getToken();
    if (!enabled || !token || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_BASE}/events/incidents?access_token=${encodeURIComponent(token)}`);
    const state = pending.current;
    const flush = () => {
      state.timer = undefined;
      const ids = [...state.ids];
      state.ids.clear();
      void qc.invalidateQueries({ queryKey: ['incidents'] });
      for (const id of ids) void qc.invalidateQueries({ queryKey: ['incident', id] });
    };
    source.onopen = () => setOpen(true);
    source.onerror = () => setOpen(source.readyState === EventSource.OPEN);
    source.addEventListener('incident', (message) => {
      try {
        const event = JSON.parse((message as MessageEvent<string>).data) as IncidentStreamEvent;
        if (event.incidentId) state.ids.add(event.incidentId);
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
