import {
  INCIDENT_PHASES,
  INCIDENT_SEVERITIES,
  TLP_LEVELS,
  type IncidentDetailView,
  type IncidentSeverityName,
  type TlpName,
} from '@desk/contracts';
import {
  Alert,
  Anchor,
  Button,
  Divider,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconBook, IconDownload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { downloadFile, isApiError, request } from '../../api/client';
import { useIncident, useIncidentTimeline } from '../../api/incidents';
import { useLiveIncidentEvents } from '../../api/liveRecords';
import { useMeRequired } from '../../auth/AuthContext';
import { IncidentEvidence } from './IncidentEvidence';
import { IncidentIndicators } from './IncidentIndicators';
import { Section, type IncidentCall, type RunIncidentAction } from './IncidentSection';
import { IncidentTimeline } from './IncidentTimeline';
import { PhaseBadge, SeverityBadge, TlpBadge } from '../../components/IncidentBadges';
import { ErrorState, FormError, LoadingState } from '../../components/States';
import { useIncidentT } from '../../i18n/useIncidentT';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { hasRole } from '../../lib/roles';

/** One incident: facts, phase actions, indicators, evidence, TLP, BSSN reference and the timeline. */
export default function IncidentPage() {
  const { id = '' } = useParams();
  const { ti, t } = useIncidentT();
  const me = useMeRequired();
  const tz = useTimeZone();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const csirt = hasRole(me, 'csirt');
  const canPack = hasRole(me, 'csirt', 'supervisor');
  // CSIRT users and supervisors see each change as it happens; the reporter's page polls.
  const live = useLiveIncidentEvents(canPack);
  const incident = useIncident(id, live);
  const timeline = useIncidentTimeline(id, live);
  const [note, setNote] = useState('');
  const [lessons, setLessons] = useState('');
  const [bssn, setBssn] = useState<string | null>(null);
  const [severity, setSeverity] = useState<IncidentSeverityName | null>(null);
  const [severityReason, setSeverityReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const act = useMutation({
    mutationFn: (call: IncidentCall) =>
      request<IncidentDetailView>(`/incidents/${id}${call.path}`, {
        method: call.method ?? 'POST',
        body: call.body,
      }),
    onSuccess: (data) => {
      setError(null);
      qc.setQueryData(['incident', id], data);
      void qc.invalidateQueries({ queryKey: ['incident', id, 'timeline'] });
      void qc.invalidateQueries({ queryKey: ['incidents'] });
    },
    onError: (e, call: IncidentCall) => {
      // A refused indicator is named, in the reader's language.
      const body = call.body as { type?: string; value?: string } | undefined;
      if (call.path === '/indicators' && isApiError(e) && e.status === 400 && body?.value)
        setError(ti('indicatorInvalid', { value: body.value, type: body.type }));
      else setError(problemMessage(e, t));
    },
  });

  const run: RunIncidentAction = (call, after) => act.mutate(call, after ? { onSuccess: after } : undefined);

  // The lessons learned as a CSIRT-only draft article (the same one on a repeat), opened in the editor.
  const kbDraft = useMutation({
    mutationFn: () => request<{ id: string }>(`/incidents/${id}/kb-draft`, { method: 'POST' }),
    onSuccess: (article) => {
      void qc.invalidateQueries({ queryKey: ['incident', id, 'timeline'] });
      void navigate(`/kb/${article.id}/edit`);
    },
    onError: (e) => setError(problemMessage(e, t)),
  });

  if (incident.isPending) return <LoadingState />;
  if (incident.isError) return <ErrorState error={incident.error} onRetry={() => void incident.refetch()} />;
  const i = incident.data;
  const phaseIndex = INCIDENT_PHASES.indexOf(i.phase);
  const next = INCIDENT_PHASES[phaseIndex + 1];

  const facts: [string, ReactNode][] = [
    [ti('reporter'), i.reporter.name],
    [ti('unit'), i.unit.name],
    [ti('category'), ti(`categories.${i.category}`)],
    [ti('detected'), formatDateTime(i.detectedAt, tz)],
    [ti('reported'), formatDateTime(i.createdAt, tz)],
    [
      i.ack.acknowledgedAt ? ti('ackMet') : ti('ackDue'),
      formatDateTime(i.ack.acknowledgedAt ?? i.ack.dueAt, tz),
    ],
    [ti('assignee'), i.assignee?.name ?? ti('unassigned')],
    [ti('affectedSystems'), i.affectedSystems.join(', ') || '—'],
    [ti('containment'), i.containmentActions ?? '—'],
  ];

  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <TlpBadge tlp={i.tlp} size="lg" />
          <SeverityBadge severity={i.severity} />
          <PhaseBadge phase={i.phase} />
          <Text fw={700} data-testid="incident-page-number">
            {i.number}
          </Text>
        </Group>
        <Title order={1} size="h2">
          {i.title}
        </Title>
        {i.linkedTicket && (
          <Text size="sm">
            {ti('linkedTicket')} {i.linkedTicket.number}
          </Text>
        )}
      </Stack>
      <FormError message={error} />
      {i.ack.breachedAt && !i.ack.acknowledgedAt && (
        <Alert color="red" variant="light" role="status">
          {ti('ackBreached')}: {formatDateTime(i.ack.dueAt, tz)}
        </Alert>
      )}
      <Paper withBorder radius="md" p="md">
        <Stepper active={phaseIndex} size="xs" allowNextStepsSelect={false} aria-label={ti('phase')}>
          {INCIDENT_PHASES.map((p) => (
            <Stepper.Step key={p} label={ti(`phases.${p}`)} />
          ))}
        </Stepper>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title={ti('description')}>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{i.description}</Text>
              <Divider />
              <Stack gap={4} component="dl" m={0}>
                {facts.map(([k, v]) => (
                  <Group key={k} gap="xs" wrap="nowrap" align="flex-start">
                    <Text component="dt" size="sm" c="dimmed" w={150} style={{ flexShrink: 0 }}>
                      {k}
                    </Text>
                    <Text component="dd" size="sm" m={0}>
                      {v}
                    </Text>
                  </Group>
                ))}
              </Stack>
              {i.lessonsLearned && (
                <Alert color="gray" variant="light" title={ti('lessons')}>
                  {i.lessonsLearned}
                </Alert>
              )}
            </Section>
            {csirt && next && (
              <Section title={ti('phase')} testId="phase-panel">
                <Textarea
                  label={ti('note')}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  autosize
                  minRows={2}
                  data-testid="phase-note"
                />
                {next === 'closed' && (
                  <Textarea
                    label={ti('lessons')}
                    required
                    value={lessons}
                    onChange={(e) => setLessons(e.currentTarget.value)}
                    autosize
                    minRows={3}
                    data-testid="phase-lessons"
                  />
                )}
                <Group gap="xs">
                  <Button
                    loading={act.isPending}
                    data-testid="phase-next"
                    onClick={() =>
                      act.mutate(
                        {
                          path: '/phase',
                          body: {
                            phase: next,
                            note: note.trim() || ti(`phases.${next}`),
                            ...(next === 'closed' ? { lessonsLearned: lessons.trim() } : {}),
                            version: i.version,
                          },
                        },
                        { onSuccess: () => (setNote(''), setLessons('')) },
                      )
                    }
                  >
                    {ti('nextPhase', { phase: ti(`phases.${next}`) })}
                  </Button>
                  {!i.assignee && (
                    <Button
                      variant="default"
                      data-testid="assign-me"
                      onClick={() => act.mutate({ path: '/assign', body: { assigneeId: me.id } })}
                    >
                      {ti('assignMe')}
                    </Button>
                  )}
                  <Button
                    variant="subtle"
                    disabled={!note.trim()}
                    onClick={() =>
                      act.mutate(
                        { path: '/notes', body: { body: note.trim() } },
                        { onSuccess: () => setNote('') },
                      )
                    }
                  >
                    {ti('addNote')}
                  </Button>
                </Group>
              </Section>
            )}
            <IncidentTimeline entries={timeline.data ?? []} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {canPack && (
              <Button
                leftSection={<IconDownload size={16} aria-hidden />}
                variant="filled"
                data-testid="evidence-pack"
                onClick={() =>
                  void downloadFile(`/incidents/${id}/evidence-pack`, `${i.number}-evidence-pack.zip`).catch(
                    (e) => setError(problemMessage(e, t)),
                  )
                }
              >
                {ti('pack')}
              </Button>
            )}
            {canPack && i.phase === 'closed' && (
              <Button
                leftSection={<IconBook size={16} aria-hidden />}
                variant="light"
                data-testid="kb-draft"
                loading={kbDraft.isPending}
                onClick={() => kbDraft.mutate()}
              >
                {ti('kbDraft')}
              </Button>
            )}
            <IncidentIndicators incident={i} editable={csirt} run={run} />
            <IncidentEvidence
              incident={i}
              canAdd={i.phase !== 'closed' && (csirt || i.reporter.id === me.id)}
              onError={setError}
            />
            {csirt && i.phase !== 'closed' && (
              <Section title={ti('severity')} testId="incident-severity">
                <Select
                  label={ti('severity')}
                  data={INCIDENT_SEVERITIES.map((x) => ({ value: x, label: ti(`severities.${x}`) }))}
                  value={severity ?? i.severity}
                  allowDeselect={false}
                  onChange={(v) => setSeverity(v as IncidentSeverityName | null)}
                  data-testid="severity-select"
                />
                <Textarea
                  label={ti('severityReason')}
                  value={severityReason}
                  onChange={(e) => setSeverityReason(e.currentTarget.value)}
                  data-testid="severity-reason"
                  autosize
                  minRows={2}
                  maxLength={2000}
                />
                <Text size="xs" c="dimmed">
                  {ti('severityClockNote')}
                </Text>
                <Button
                  variant="light"
                  disabled={!severity || severity === i.severity || severityReason.trim().length < 5}
                  loading={act.isPending}
                  onClick={() =>
                    act.mutate(
                      {
                        path: '/severity',
                        method: 'PUT',
                        body: { severity, reason: severityReason.trim(), version: i.version },
                      },
                      { onSuccess: () => (setSeverity(null), setSeverityReason(''), notify(ti('saved'))) },
                    )
                  }
                >
                  {ti('severitySave')}
                </Button>
              </Section>
            )}
            {csirt && (
              <Section title={ti('tlp')}>
                <Select
                  label={ti('tlp')}
                  data={TLP_LEVELS.map((x) => ({ value: x, label: `TLP:${x.toUpperCase()}` }))}
                  value={i.tlp}
                  allowDeselect={false}
                  onChange={(v) =>
                    v && act.mutate({ path: '/tlp', method: 'PUT', body: { tlp: v as TlpName } })
                  }
                />
              </Section>
            )}
            <Section title={ti('bssn')} testId="bssn">
              {csirt ? (
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput
                    label={ti('bssnReference')}
                    value={bssn ?? i.bssn.reference ?? ''}
                    onChange={(e) => setBssn(e.currentTarget.value)}
                    style={{ flex: 1 }}
                    data-testid="bssn-reference"
                  />
                  <Button
                    variant="light"
                    disabled={!(bssn ?? '').trim()}
                    onClick={() =>
                      act.mutate(
                        { path: '/bssn-report', method: 'PUT', body: { reference: (bssn ?? '').trim() } },
                        { onSuccess: () => (setBssn(null), notify(ti('saved'))) },
                      )
                    }
                  >
                    {ti('bssnSave')}
                  </Button>
                </Group>
              ) : (
                <Text size="sm">{i.bssn.reference ?? '—'}</Text>
              )}
              {i.bssn.reportedAt && (
                <Text size="xs" c="dimmed">
                  {formatDateTime(i.bssn.reportedAt, tz)}
                </Text>
              )}
            </Section>
            <Anchor component={Link} to="/incidents" size="sm">
              ← {hasRole(me, 'csirt', 'supervisor') ? ti('workspaceTitle') : ti('mineTitle')}
            </Anchor>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
