import type {
  NotificationPreferences,
  ReportDelivery,
  ReportSubscription,
  ReportSubscriptionInput,
  SlaReport,
  SendNowPeriodName,
} from '@desk/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';

/** Query of `GET /reports/sla`: local dates (`to` inclusive); no unit = every PD side by side. */
export interface SlaReportQuery {
  from: string;
  to: string;
  unitId?: string | null;
  teamId?: string | null;
}

export function slaReportParams(query: SlaReportQuery, format?: 'csv' | 'xlsx'): URLSearchParams {
  return new URLSearchParams({
    from: query.from,
    to: query.to,
    ...(query.unitId ? { unitId: query.unitId } : {}),
    ...(query.teamId ? { teamId: query.teamId } : {}),
    ...(format ? { format } : {}),
  });
}

export const useSlaReport = (query: SlaReportQuery) =>
  useQuery({
    queryKey: ['reports', 'sla', query],
    queryFn: ({ signal }) =>
      request<SlaReport>(`/reports/sla?${slaReportParams(query).toString()}`, { signal }),
    // Switching period or scope keeps the old charts on screen until the new figures arrive.
    placeholderData: keepPreviousData,
    refetchInterval: 5 * 60_000,
  });

export const useReportSubscriptions = (enabled = true) =>
  useQuery({
    queryKey: ['report-subscriptions'],
    queryFn: ({ signal }) => request<ReportSubscription[]>('/report-subscriptions', { signal }),
    enabled,
  });

/** A delivery is settled once its mail left (or failed); until then the log polls. */
const settled = (d: ReportDelivery) =>
  d.status !== 'pending' && d.mails.every((m) => m.status === 'sent' || m.status === 'failed');

export const useDeliveries = (subscriptionId: string | null) =>
  useQuery({
    queryKey: ['report-subscriptions', subscriptionId, 'deliveries'],
    queryFn: ({ signal }) =>
      request<ReportDelivery[]>(`/report-subscriptions/${subscriptionId}/deliveries`, { signal }),
    enabled: !!subscriptionId,
    refetchInterval: (q) => ((q.state.data?.every(settled) ?? true) ? false : 2_000),
  });

export function useSaveSubscription(id: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportSubscriptionInput) =>
      id
        ? request<ReportSubscription>(`/report-subscriptions/${id}`, { method: 'PATCH', body })
        : request<ReportSubscription>('/report-subscriptions', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['report-subscriptions'] }),
  });
}

export function useDeleteSubscription() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<void>(`/report-subscriptions/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['report-subscriptions'] }),
  });
}

export function useSendNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, period }: { id: string; period?: SendNowPeriodName }) =>
      request<ReportDelivery>(`/report-subscriptions/${id}/send-now`, {
        method: 'POST',
        body: period ? { period } : {},
      }),
    onSuccess: (delivery) =>
      qc.invalidateQueries({ queryKey: ['report-subscriptions', delivery.subscriptionId, 'deliveries'] }),
  });
}

export const usePreferences = () =>
  useQuery({
    queryKey: ['preferences'],
    queryFn: ({ signal }) => request<NotificationPreferences>('/users/me/preferences', { signal }),
  });

export function useUpdatePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { locale?: 'id' | 'en'; notifications?: Record<string, boolean> }) =>
      request<NotificationPreferences>('/users/me/preferences', { method: 'PATCH', body }),
    // Switches flip at once; a refusal puts them back.
    onMutate: async (body) => {
      await qc.cancelQueries({ queryKey: ['preferences'] });
      const before = qc.getQueryData<NotificationPreferences>(['preferences']);
      if (before)
        qc.setQueryData<NotificationPreferences>(['preferences'], {
          ...before,
          locale: body.locale ?? before.locale,
          notifications: { ...before.notifications, ...body.notifications },
        });
      return { before };
    },
    onError: (_error, _body, context) => {
      if (context?.before) qc.setQueryData(['preferences'], context.before);
    },
    onSuccess: (prefs) => qc.setQueryData(['preferences'], prefs),
  });
}
