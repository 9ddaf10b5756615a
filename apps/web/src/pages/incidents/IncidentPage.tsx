import {
  INCIDENT_PHASES,
  INCIDENT_SEVERITIES,
  INDICATOR_TYPES,
  TLP_LEVELS,
  type IncidentDetailView,
  type IncidentSeverityName,
  type IndicatorTypeName,
  type TlpName,
} from '@desk/contracts';
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Divider,
  FileButton,
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
import { IconBook, IconDownload, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { downloadFile, isApiError, request } from '../../api/client';
import { useIncident, useIncidentTimeline } from '../../api/incidents';
import { useLiveIncidentEvents } from '../../api/liveRecords';
import { uploadFile } from '../../api/upload';
import { useMeRequired } from '../../auth/AuthContext';
import { formatBytes } from '../../components/FilePicker';
import { PhaseBadge, SeverityBadge, TlpBadge } from '../../components/IncidentBadges';
import { ErrorState, FormError, LoadingState } from '../../components/States';
import { useIncidentT } from '../../i18n/useIncidentT';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { hasRole } from '../../lib/roles';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

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
  const [indicatorType, setIndicatorType] = useState<IndicatorTypeName>('ipv4');
  const [indicatorValue, setIndicatorValue] = useState('');
  const [bssn, setBssn] = useState<string | null>(null);
  const [severity, setSeverity] = useState<IncidentSeverityName | null>(null);
  const [severityReason, setSeverityReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const act = useMutation({
    mutationFn: (call: { path: string; method?: 'POST' | 'PUT' | 'DELETE'; body?: unknown }) =>
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
    onError: (e, call) => {
      // A refused indicator is named, in the reader's language.
      const body = call.body as { type?: string; value?: string } | undefined;
      if (call.path === '/indicators' && isApiError(e) && e.status === 400 && body?.value)
        setError(ti('indicatorInvalid', { value: body.value, type: body.type }));
      else setError(problemMessage(e, t));
    },
  });

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

  async function upload(file: File | null) {
    if (!file) return;
    try {
      await uploadFile(`/incidents/${id}/evidence`, file);
      void incident.refetch();
      void timeline.refetch();
    } catch (e) {
      setError(problemMessage(e, t));
    }
  }

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
            <Section title={ti('timeline')} testId="incident-timeline">
              <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {(timeline.data ?? []).map((e) => (
                  <li key={e.id}>
                    <Text size="sm" fw={600}>
                      {ti(`actions.${e.action as 'note'}`)}
                      {e.action === 'phase_changed' && typeof e.data.to === 'string'
                        ? `: ${ti(`phases.${e.data.to as 'triage'}`)}`
                        : ''}
                      {e.action === 'severity_changed' &&
                      typeof e.data.from === 'string' &&
                      typeof e.data.to === 'string'
                        ? `: ${ti(`severities.${e.data.from as 'low'}`)} → ${ti(`severities.${e.data.to as 'low'}`)}`
                        : ''}
                      {e.action.startsWith('indicator') && typeof e.data.value === 'string'
                        ? `: ${e.data.value}`
                        : ''}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(e.createdAt, tz)}
                      {e.actor ? ` · ${e.actor.name}` : ''}
                    </Text>
                    {e.note && (
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {e.note}
                      </Text>
                    )}
                  </li>
                ))}
              </Stack>
            </Section>
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
            <Section title={ti('indicators')} testId="indicators">
              {i.indicators.length === 0 && (
                <Text size="sm" c="dimmed">
                  {ti('noIndicators')}
                </Text>
              )}
              <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {i.indicators.map((ind) => (
                  <Group key={ind.id} component="li" gap="xs" wrap="nowrap" justify="space-between">
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      <Text span fw={600}>
                        {ind.type}
                      </Text>{' '}
                      {ind.value}
                    </Text>
                    {csirt && (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={ti('removeIndicator', { value: ind.value })}
                        onClick={() => act.mutate({ path: `/indicators/${ind.id}`, method: 'DELETE' })}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    )}
                  </Group>
                ))}
              </Stack>
              {csirt && (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    act.mutate(
                      { path: '/indicators', body: { type: indicatorType, value: indicatorValue.trim() } },
                      { onSuccess: () => setIndicatorValue('') },
                    );
                  }}
                >
                  <Group gap="xs" align="flex-end" wrap="nowrap">
                    <Select
                      label={ti('indicatorType')}
                      data={INDICATOR_TYPES.map((x) => ({ value: x, label: x }))}
                      value={indicatorType}
                      onChange={(v) => v && setIndicatorType(v as IndicatorTypeName)}
                      allowDeselect={false}
                      w={110}
                      data-testid="indicator-type"
                    />
                    <TextInput
                      label={ti('indicatorValue')}
                      value={indicatorValue}
                      onChange={(e) => setIndicatorValue(e.currentTarget.value)}
                      style={{ flex: 1 }}
                      data-testid="indicator-value"
                    />
                    <Button type="submit" variant="light" disabled={!indicatorValue.trim()}>
                      {ti('addIndicator')}
                    </Button>
                  </Group>
                </form>
              )}
            </Section>
            <Section title={ti('evidenceFiles')} testId="evidence">
              {i.evidence.length === 0 && (
                <Text size="sm" c="dimmed">
                  {ti('noEvidence')}
                </Text>
              )}
              <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {i.evidence.map((e) => (
                  <li key={e.id}>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => void downloadFile(`/incidents/${id}/evidence/${e.id}`, e.fileName)}
                    >
                      {e.fileName}
                    </Anchor>
                    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                      {formatBytes(e.sizeBytes)} · SHA-256 {e.sha256}
                    </Text>
                  </li>
                ))}
              </Stack>
              {i.phase !== 'closed' && (csirt || i.reporter.id === me.id) && (
                <FileButton onChange={(f) => void upload(f)}>
                  {(props) => (
                    <Button {...props} variant="light" leftSection={<IconUpload size={16} aria-hidden />}>
                      {ti('addEvidence')}
                    </Button>
                  )}
                </FileButton>
              )}
            </Section>
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
