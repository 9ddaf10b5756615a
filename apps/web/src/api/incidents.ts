import type {
  IncidentDetailView,
  IncidentPage,
  IncidentPhaseName,
  IncidentSeverityName,
  IncidentTimelineEntry,
} from '@desk/contracts';
import { useQuery } from '@tanstack/react-query';
import { request } from './client';

/** Without the live incident stream (reporters, or a proxy that breaks it) the pages poll this often. */
export const INCIDENT_REFRESH_MS = 10_000;
/** With the stream open, polling is only a slow safety net. */
export const INCIDENT_LIVE_REFRESH_MS = 120_000;

const refresh = (live: boolean) => (live ? INCIDENT_LIVE_REFRESH_MS : INCIDENT_REFRESH_MS);

export interface IncidentQuery {
  phase?: IncidentPhaseName;
  severity?: IncidentSeverityName;
  reporter?: 'mine';
}

export const useIncidents = (query: IncidentQuery, live = false) =>
  useQuery({
    queryKey: ['incidents', query],
    queryFn: ({ signal }) =>
      request<IncidentPage>('/incidents', { query: { ...query, sort: 'ack', limit: 200 }, signal }),
    refetchInterval: refresh(live),
  });

export const useIncident = (id: string, live = false) =>
  useQuery({
    queryKey: ['incident', id],
    queryFn: ({ signal }) => request<IncidentDetailView>(`/incidents/${id}`, { signal }),
    refetchInterval: refresh(live),
  });

export const useIncidentTimeline = (id: string, live = false) =>
  useQuery({
    queryKey: ['incident', id, 'timeline'],
    queryFn: ({ signal }) => request<IncidentTimelineEntry[]>(`/incidents/${id}/timeline`, { signal }),
    refetchInterval: refresh(live),
  });
