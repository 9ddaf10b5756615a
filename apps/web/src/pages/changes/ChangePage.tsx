import type { Change, ChangePhaseName } from '@desk/contracts';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Timeline,
} from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useChange, useChangeTimeline, useMovePhase } from '../../api/changes';
import { useLiveRecordEvents } from '../../api/liveRecords';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { Fact, fieldErrors, PhaseBadge, RecordGate, Section } from './shared';

export function ChangePage() {
  const { id = '' } = useParams();
  useLiveRecordEvents('change', true);
  const change = useChange(id);
  return <RecordGate query={change}>{(c) => <ChangeView change={c} />}</RecordGate>;
}

function ChangeView({ change: c }: { change: Change }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const timeline = useChangeTimeline(c.id);
  return (
    <Stack gap="sm">
      <PageHeader
        title={`${c.number} · ${c.title}`}
        subtitle={<PhaseBadge phase={c.phase} />}
        actions={
          c.canEdit && (
            <Button
              component={Link}
              to={`/changes/${c.id}/edit`}
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
            >
              {t('changes.editAction')}
            </Button>
          )
        }
      />
      <Section title={t('changes.title')}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Fact label={t('changes.type')}>{t(`changes.types.${c.type}`)}</Fact>
          <Fact label={t('changes.risk')}>{t(`changes.risks.${c.risk}`)}</Fact>
          <Fact label={t('changes.owner')}>{c.owningUnit.name}</Fact>
          <Fact label={t('changes.requester')}>{c.requester.name}</Fact>
          <Fact label={t('changes.window')}>
            {formatDateTime(c.plannedStart, tz)} – {formatDateTime(c.plannedEnd, tz)}
          </Fact>
          <Fact label={t('changes.systems')}>{c.systems.join(', ')}</Fact>
          <Fact label={t('changes.affectedUnits')}>{c.affectedUnits.map((u) => u.name).join(', ')}</Fact>
          <Fact label={t('changes.approval')}>{t(`changes.approvalStatus.${c.approvalStatus}`)}</Fact>
          {c.decidedBy && (
            <Fact label={t('changes.decidedBy')}>
              {c.decidedBy.name}: {c.decisionReason}
            </Fact>
          )}
        </SimpleGrid>
        <Stack gap="sm" mt="sm">
          <Fact label={t('changes.description')}>{c.description}</Fact>
          <Fact label={t('changes.impactAssessment')}>{c.impactAssessment}</Fact>
          <Fact label={t('changes.implementationPlan')}>{c.implementationPlan}</Fact>
          <Fact label={t('changes.rollbackPlan')}>{c.rollbackPlan}</Fact>
          {c.review && (
            <Fact label={t('changes.review')}>
              {`${c.review.successful ? t('common.yes') : t('common.no')} · ${t('changes.incidentsCaused')}: ${c.review.incidentsCaused}\n${c.review.lessons}`}
            </Fact>
          )}
        </Stack>
      </Section>
      <PhaseActions change={c} />
      {(c.tickets.length > 0 || c.problems.length > 0) && (
        <Section title={t('changes.linkedTickets')}>
          <Stack gap={4}>
            {c.tickets.map((tk) => (
              <Anchor key={tk.id} component={Link} to={`/tickets/${tk.id}`} size="sm">
                {tk.number} · {tk.title}
              </Anchor>
            ))}
            {c.problems.map((p) => (
              <Anchor key={p.id} component={Link} to={`/problems/${p.id}`} size="sm">
                {p.number} · {p.title}
              </Anchor>
            ))}
          </Stack>
        </Section>
      )}
      {c.incidents.length > 0 && (
        <Section title={t('changes.linkedIncidents')}>
          <Stack gap={4} data-testid="change-incidents">
            {c.incidents.map((i) => (
              <Anchor key={i.id} component={Link} to={`/incidents/${i.id}`} size="sm">
                {i.number} · {i.title}
              </Anchor>
            ))}
          </Stack>
        </Section>
      )}
      <Section title={t('changes.timeline')}>
        {timeline.data && (
          <Timeline bulletSize={12} lineWidth={2}>
            {timeline.data.items.map((e) => (
              <Timeline.Item
                key={e.id}
                title={
                  t(`changes.events.${eventKey(e.type)}`, e.type) +
                  (e.toPhase && e.type === 'phase'
                    ? `: ${t(`changes.phases.${e.toPhase as ChangePhaseName}`)}`
                    : '')
                }
              >
                <Text size="xs" c="dimmed">
                  {formatDateTime(e.createdAt, tz)} · {e.actor?.name ?? 'SPBE Desk'}
                </Text>
                {e.note && <Text size="sm">{e.note}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Section>
    </Stack>
  );
}

const eventKey = (type: string) =>
  (
    ({
      'approval-requested': 'approvalRequested',
      'approval-voided': 'approvalVoided',
      'window-notice': 'windowNotice',
    }) as Record<string, string>
  )[type] ?? type;

/** The phase buttons the api offers, the supervisor's decision and the closing review. */
function PhaseActions({ change: c }: { change: Change }) {
  const { t } = useTranslation();
  const move = useMovePhase(c.id);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [review, setReview] = useState({ successful: true, incidentsCaused: 0, lessons: '' });
  const errors = fieldErrors(move.error);
  const phases = c.nextPhases.filter(
    (p) => p !== 'closed' && p !== 'rejected' && !(c.phase === 'approval' && p === 'development'),
  );
  if (!phases.length && !c.canDecide && !c.nextPhases.includes('closed')) return null;

  const go = (body: Record<string, unknown>) =>
    move.mutate(
      { version: c.version, ...body },
      {
        onSuccess: () => {
          notify(t('changes.moved'));
          setNote('');
          setReason('');
        },
      },
    );
  // A decision moves an approval-phase change to development; an emergency one is approved in place.
  const approveTarget: ChangePhaseName = c.phase === 'approval' ? 'development' : c.phase;

  return (
    <Section title={t('changes.phase')}>
      <Stack gap="sm">
        {move.isError && (
          <Alert color="red" role="alert">
            {problemMessage(move.error, t)}
          </Alert>
        )}
        {phases.length > 0 && (
          <>
            <Textarea
              label={t('changes.note')}
              autosize
              minRows={1}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group gap="xs">
              {phases.map((p) => (
                <Button
                  key={p}
                  variant={p === 'cancelled' ? 'default' : 'filled'}
                  loading={move.isPending}
                  onClick={() => go({ phase: p, ...(note ? { note } : {}) })}
                >
                  {t('changes.moveTo', { phase: t(`changes.phases.${p}`) })}
                </Button>
              ))}
            </Group>
          </>
        )}
        {c.canDecide && (
          <>
            <Textarea
              label={t('changes.decisionReason')}
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors['approval.reason']}
            />
            <Group gap="xs">
              <Button
                color="green"
                loading={move.isPending}
                onClick={() => go({ phase: approveTarget, approval: { decision: 'approved', reason } })}
              >
                {t('changes.approve')}
              </Button>
              <Button
                color="red"
                variant="outline"
                loading={move.isPending}
                onClick={() => go({ phase: 'rejected', approval: { decision: 'rejected', reason } })}
              >
                {t('changes.reject')}
              </Button>
            </Group>
          </>
        )}
        {c.nextPhases.includes('closed') && (
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('changes.review')}
            </Text>
            <Checkbox
              label={t('changes.successful')}
              checked={review.successful}
              onChange={(e) => setReview((r) => ({ ...r, successful: e.currentTarget.checked }))}
            />
            <NumberInput
              label={t('changes.incidentsCaused')}
              min={0}
              value={review.incidentsCaused}
              onChange={(n) => setReview((r) => ({ ...r, incidentsCaused: Number(n) || 0 }))}
              error={errors['review.incidentsCaused']}
            />
            <Textarea
              label={t('changes.lessons')}
              required
              autosize
              minRows={2}
              value={review.lessons}
              onChange={(e) => setReview((r) => ({ ...r, lessons: e.currentTarget.value }))}
              error={errors['review.lessons']}
            />
            <Group>
              <Button loading={move.isPending} onClick={() => go({ phase: 'closed', review })}>
                {t('changes.closeWithReview')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Section>
  );
}
