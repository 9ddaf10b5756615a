import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { API_BASE, getToken } from './client';

/** The records with a live stream of their own (`GET /events/incidents|changes|problems`). */
export type LiveRecordKind = 'incident' | 'change' | 'problem';

/** The key naming the record in each event's data. */
const ID_KEY: Record<LiveRecordKind, string> = { incident: 'incidentId', change: 'id', problem: 'id' };

/** Several changes in a burst (a phase change and its note) refetch once. */
const COALESCE_MS = 400;

/**
 * Keeps the pages of one kind of record live: listens to the api's stream for that kind (apart from
 * the ticket stream; the api sends only events about records the user sees) and marks the list
 * (`['<kind>s', …]`, the change calendar included) and the record's queries (`['<kind>', id, …]`)
 * stale so they refetch at once. The browser's EventSource reconnects with `Last-Event-ID`, and the
 * api replays what it missed. Returns whether the stream is open (pages may then poll only slowly).
 */
export function useLiveRecordEvents(kind: LiveRecordKind, enabled: boolean): boolean {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const pending = useRef<{ timer?: ReturnType<typeof setTimeout>; ids: Set<string> }>({ ids: new Set() });

  useEffect(() => {
    const token = getToken();
    if (!enabled || !token || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_BASE}/events/${kind}s?access_token=${encodeURIComponent(token)}`);
    const state = pending.current;
    const flush = () => {
      state.timer = undefined;
      const ids = [...state.ids];
      state.ids.clear();
      void qc.invalidateQueries({ queryKey: [`${kind}s`] });
      for (const id of ids) void qc.invalidateQueries({ queryKey: [kind, id] });
    };
    source.onopen = () => setOpen(true);
    source.onerror = () => setOpen(source.readyState === EventSource.OPEN);
    source.addEventListener(kind, (message) => {
      try {
        const event = JSON.parse((message as MessageEvent<string>).data) as Record<string, unknown>;
        const id = event[ID_KEY[kind]];
        if (typeof id === 'string') state.ids.add(id);
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
  }, [kind, enabled, qc]);

  return open;
}

/** The CSIRT workspace and incident pages (CSIRT users and supervisors only). */
export const useLiveIncidentEvents = (enabled: boolean): boolean => useLiveRecordEvents('incident', enabled);
