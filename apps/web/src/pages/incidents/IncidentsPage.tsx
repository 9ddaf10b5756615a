import {
  INCIDENT_PHASES,
  INCIDENT_SEVERITIES,
  type IncidentPhaseName,
  type IncidentSeverityName,
  type IncidentView,
} from '@desk/contracts';
import { Anchor, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconBroadcast, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useIncidents } from '../../api/incidents';
import { useLiveIncidentEvents } from '../../api/liveRecords';
import { useMeRequired } from '../../auth/AuthContext';
import { PhaseBadge, SeverityBadge, TlpBadge } from '../../components/IncidentBadges';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useIncidentT } from '../../i18n/useIncidentT';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { hasRole } from '../../lib/roles';

function AckLine({ incident }: { incident: IncidentView }) {
  const { ti } = useIncidentT();
  const tz = useTimeZone();
  const { ack } = incident;
  if (ack.acknowledgedAt)
    return (
      <Text size="xs" c={ack.breachedAt ? 'red.9' : 'dimmed'}>
        {ti(ack.breachedAt ? 'ackBreached' : 'ackMet')}: {formatDateTime(ack.acknowledgedAt, tz)}
      </Text>
    );
  const overdue = ack.breachedAt || new Date(ack.dueAt).getTime() < Date.now();
  return (
    <Text size="xs" fw={overdue ? 700 : 400} c={overdue ? 'red.9' : undefined}>
      {ti(overdue ? 'ackBreached' : 'ackDue')}: {formatDateTime(ack.dueAt, tz)}
    </Text>
  );
}

/**
 * The CSIRT workspace (CSIRT and supervisors: every incident, by acknowledgement due, filtered by
 * phase and severity) or, for everyone else, the incidents they reported.
 */
export default function IncidentsPage() {
  const { ti } = useIncidentT();
  const me = useMeRequired();
  const team = hasRole(me, 'csirt', 'supervisor');
  const [phase, setPhase] = useState<IncidentPhaseName | null>(null);
  const [severity, setSeverity] = useState<IncidentSeverityName | null>(null);
  // The workspace follows the live incident stream; a reporter's own list polls.
  const live = useLiveIncidentEvents(team);
  const list = useIncidents(
    team ? { phase: phase ?? undefined, severity: severity ?? undefined } : { reporter: 'mine' },
    live,
  );
  return (
    <Stack gap={0}>
      <PageHeader
        title={team ? ti('workspaceTitle') : ti('mineTitle')}
        subtitle={team ? ti('workspaceIntro') : ti('mineIntro')}
        actions={
          <Group gap="sm">
            {live && (
              <Group gap={4} data-testid="incident-live" aria-live="polite">
                <IconBroadcast size={16} aria-hidden color="var(--mantine-color-teal-9)" />
                <Text size="sm" fw={600} c="teal.9">
                  {ti('liveOn')}
                </Text>
              </Group>
            )}
            <Button
              component={Link}
              to="/incidents/new"
              color="red.9"
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              {ti('navReport')}
            </Button>
          </Group>
        }
      />
      {team && (
        <Group gap="sm" mb="md" grow preventGrowOverflow={false}>
          <Select
            label={ti('filterPhase')}
            placeholder={ti('all')}
            clearable
            data={INCIDENT_PHASES.map((p) => ({ value: p, label: ti(`phases.${p}`) }))}
            value={phase}
            onChange={(v) => setPhase(v as IncidentPhaseName | null)}
            data-testid="filter-phase"
          />
          <Select
            label={ti('filterSeverity')}
            placeholder={ti('all')}
            clearable
            data={INCIDENT_SEVERITIES.map((s) => ({ value: s, label: ti(`severities.${s}`) }))}
            value={severity}
            onChange={(v) => setSeverity(v as IncidentSeverityName | null)}
            data-testid="filter-severity"
          />
        </Group>
      )}
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data.items.length ? (
        <EmptyState title={ti('empty')} />
      ) : (
        <Stack
          gap="xs"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="incident-list"
        >
          {list.data.items.map((i) => (
            <Paper key={i.id} component="li" withBorder radius="md" p="sm" data-testid="incident-row">
              <Stack gap={4}>
                <Group gap="xs" wrap="wrap">
                  <TlpBadge tlp={i.tlp} size="sm" />
                  <SeverityBadge severity={i.severity} />
                  <PhaseBadge phase={i.phase} />
                  <Text size="sm" fw={700}>
                    {i.number}
                  </Text>
                </Group>
                <Anchor component={Link} to={`/incidents/${i.id}`} fw={600}>
                  {i.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {ti(`categories.${i.category}`)} · {i.unit.name}
                  {i.assignee ? ` · ${i.assignee.name}` : ''}
                </Text>
                <AckLine incident={i} />
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
