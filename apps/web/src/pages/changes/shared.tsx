import type { ChangePhaseName, ProblemStatusName } from '@desk/contracts';
import { Badge, Group, Paper, Stack, Text, type MantineColor } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { ErrorState, LoadingState } from '../../components/States';
import { NotFoundPage } from '../NotFoundPage';

const PHASE_COLOR: Record<ChangePhaseName, MantineColor> = {
  planning: 'gray.3',
  analysis: 'indigo.8',
  approval: 'yellow.4',
  development: 'desk.7',
  implementation: 'violet.8',
  monitoring: 'cyan.9',
  evaluation: 'teal.9',
  closed: 'ok.8',
  rejected: 'red.9',
  cancelled: 'gray.7',
};

export function PhaseBadge({ phase }: { phase: ChangePhaseName }) {
  const { t } = useTranslation();
  return (
    <Badge color={PHASE_COLOR[phase]} variant="filled" autoContrast>
      {t(`changes.phases.${phase}`)}
    </Badge>
  );
}

const STATUS_COLOR: Record<ProblemStatusName, MantineColor> = {
  open: 'gray.3',
  investigating: 'desk.7',
  known_error: 'yellow.4',
  resolved: 'ok.8',
  closed: 'gray.7',
};

export function ProblemStatusBadge({ status }: { status: ProblemStatusName }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" autoContrast>
      {t(`problems.statuses.${status}`)}
    </Badge>
  );
}

/** A label and its value, stacked (reads well on a 360 px phone). */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="div" size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {children || '—'}
      </Text>
    </Stack>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} component="h2" size="md" m={0}>
          {title}
        </Text>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** The api's field errors by field (for `error` props). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  return Object.fromEntries(error.fieldErrors().map((e) => [e.field, e.message]));
}

/** A DateTimeInput value (`YYYY-MM-DDTHH:mm`, browser time) to an ISO instant. */
export { localToIso } from '../../lib/local-moment';

/** An ISO instant to a DateTimeInput value in the browser's time. */
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A record page's loading, 404 (missing or not visible, alike) and error states, then the record. */
export function RecordGate<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (record: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.isError)
    return isApiError(query.error) && query.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    );
  return <>{children(query.data)}</>;
}
