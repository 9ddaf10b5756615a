import type {
  IncidentDetailView,
  IncidentPage,
  IncidentPhaseName,
  IncidentSeverityName,
  IncidentTimelineEntry,
} from '@desk/contracts';
import { useQuery } from '@tanstack/react-query';
import { request } from './client';

/** The CSIRT queue refreshes this often (incidents are not on the ticket event stream). */
export const INCIDENT_REFRESH_MS = 10_000;

export interface IncidentQuery {
  phase?: IncidentPhaseName;
  severity?: IncidentSeverityName;
  reporter?: 'mine';
}

export const useIncidents = (query: IncidentQuery) =>
  useQuery({
    queryKey: ['incidents', query],
    queryFn: ({ signal }) =>
      request<IncidentPage>('/incidents', { query: { ...query, sort: 'ack', limit: 200 }, signal }),
    refetchInterval: INCIDENT_REFRESH_MS,
  });

export const useIncident = (id: string) =>
  useQuery({
    queryKey: ['incident', id],
    queryFn: ({ signal }) => request<IncidentDetailView>(`/incidents/${id}`, { signal }),
    refetchInterval: INCIDENT_REFRESH_MS,
  });

export const useIncidentTimeline = (id: string) =>
  useQuery({
    queryKey: ['incident', id, 'timeline'],
    queryFn: ({ signal }) => request<IncidentTimelineEntry[]>(`/incidents/${id}/timeline`, { signal }),
    refetchInterval: INCIDENT_REFRESH_MS,
  });
