import type { ProblemRecord } from '@desk/contracts';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  ticketIdsByNumber,
  useCreateProblem,
  useMoveProblem,
  usePublishProblemArticle,
  useProblem,
  useProblems,
  useProblemTimeline,
} from '../../api/changes';
import { useLiveRecordEvents } from '../../api/liveRecords';
import { useMeRequired } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { notify } from '../../lib/notify';
import { problemMessage } from '../../lib/problem';
import { hasRole, seesProblems } from '../../lib/roles';
import { Fact, fieldErrors, ProblemStatusBadge, RecordGate, Section } from './shared';

export function ProblemListPage() {
  const { t } = useTranslation();
  const me = useMeRequired();
  useLiveRecordEvents('problem', seesProblems(me));
  const list = useProblems();
  return (
    <Stack gap="sm">
      <PageHeader
        title={t('problems.title')}
        subtitle={t('problems.subtitle')}
        actions={
          hasRole(me, 'tier2', 'supervisor') && (
            <Button component={Link} to="/problems/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('problems.new')}
            </Button>
          )
        }
      />
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={t('problems.empty')} />
      ) : (
        <Stack gap="xs">
          {list.data.items.map((p) => (
            <Paper
              key={p.id}
              withBorder
              p="sm"
              radius="md"
              component={Link}
              to={`/problems/${p.id}`}
              style={{ display: 'block' }}
            >
              <Group justify="space-between" gap="xs">
                <Text fw={600} size="sm">
                  {p.number} · {p.title}
                </Text>
                <ProblemStatusBadge status={p.status} />
              </Group>
              <Text size="xs" c="dimmed">
                {t('problems.ticketCount', { count: p.ticketCount })}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** Records a problem from the numbers of the tickets it causes. */
export function NewProblemPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateProblem();
  const [v, setV] = useState({ title: '', description: '', numbers: '' });
  const [unknown, setUnknown] = useState<string[]>([]);
  const errors = fieldErrors(create.error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const numbers = v.numbers
      .split(/[\s,;]+/)
      .map((n) => n.trim())
      .filter(Boolean);
    const found = await ticketIdsByNumber(numbers);
    setUnknown(found.unknown);
    if (found.unknown.length) return;
    create.mutate(
      { title: v.title, description: v.description, ticketIds: found.ids },
      {
        onSuccess: (p) => {
          notify(t('problems.created', { number: p.number }));
          void navigate(`/problems/${p.id}`);
        },
      },
    );
  };
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => void submit(e)} maw={720}>
      <PageHeader title={t('problems.new')} subtitle={t('problems.subtitle')} />
      {create.isError && (
        <Alert color="red" role="alert">
          {problemMessage(create.error, t)}
        </Alert>
      )}
      <TextInput
        label={t('problems.fieldTitle')}
        required
        value={v.title}
        onChange={(e) => setV({ ...v, title: e.currentTarget.value })}
        error={errors.title}
      />
      <Textarea
        label={t('problems.description')}
        required
        autosize
        minRows={3}
        value={v.description}
        onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
        error={errors.description}
      />
      <Textarea
        label={t('problems.ticketNumbers')}
        description={t('problems.ticketNumbersHint')}
        autosize
        minRows={2}
        value={v.numbers}
        onChange={(e) => setV({ ...v, numbers: e.currentTarget.value })}
        error={
          unknown.length
            ? unknown.map((n) => t('problems.unknownTicket', { number: n })).join('; ')
            : errors.ticketIds
        }
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={() => void navigate('/problems')}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={create.isPending}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function ProblemPage() {
  const { id = '' } = useParams();
  useLiveRecordEvents('problem', seesProblems(useMeRequired()));
  const problem = useProblem(id);
  return <RecordGate query={problem}>{(p) => <ProblemView problem={p} />}</RecordGate>;
}

function ProblemView({ problem: p }: { problem: ProblemRecord }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const timeline = useProblemTimeline(p.id);
  return (
    <Stack gap="sm">
      <PageHeader title={`${p.number} · ${p.title}`} subtitle={<ProblemStatusBadge status={p.status} />} />
      <Section title={t('problems.title')}>
        <Stack gap="sm">
          <Fact label={t('problems.description')}>{p.description}</Fact>
          <Fact label={t('problems.rootCause')}>{p.rootCause}</Fact>
          <Fact label={t('problems.workaround')}>{p.workaround}</Fact>
          <Fact label={t('problems.permanentFix')}>{p.permanentFix}</Fact>
        </Stack>
      </Section>
      <Section title={t('problems.tickets')}>
        <Stack gap={4} data-testid="problem-tickets">
          {p.tickets.map((tk) => (
            <Anchor key={tk.id} component={Link} to={`/tickets/${tk.id}`} size="sm">
              {tk.number} · {tk.title} ({tk.unit.name})
            </Anchor>
          ))}
          {p.ticketCount > p.tickets.length && (
            <Text size="xs" c="dimmed">
              {t('problems.moreHidden', { count: p.ticketCount - p.tickets.length })}
            </Text>
          )}
        </Stack>
      </Section>
      {p.incidents.length > 0 && (
        <Section title={t('problems.incidents')}>
          <Stack gap={4} data-testid="problem-incidents">
            {p.incidents.map((i) => (
              <Anchor key={i.id} component={Link} to={`/incidents/${i.id}`} size="sm">
                {i.number} · {i.title}
              </Anchor>
            ))}
          </Stack>
        </Section>
      )}
      <KnownErrorArticle problem={p} />
      {p.canWork && p.nextStatuses.length > 0 && <StatusActions problem={p} />}
      <Section title={t('problems.timeline')}>
        {timeline.data && (
          <Timeline bulletSize={12} lineWidth={2}>
            {timeline.data.items.map((e) => (
              <Timeline.Item
                key={e.id}
                title={e.toStatus ? t(`problems.statuses.${e.toStatus as 'open'}`, e.toStatus) : e.type}
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

/** The KB article of a known error, or the button that writes it (Tier 2 and supervisors). */
function KnownErrorArticle({ problem: p }: { problem: ProblemRecord }) {
  const { t } = useTranslation();
  const publish = usePublishProblemArticle(p.id);
  const ready = ['known_error', 'resolved', 'closed'].includes(p.status) && !!p.workaround;
  if (!p.kbArticle && !(p.canWork && ready)) return null;
  return (
    <Section title={t('problems.kbArticle')}>
      {p.kbArticle ? (
        <Anchor component={Link} to={`/kb/${p.kbArticle.id}/edit`} size="sm" data-testid="problem-kb-article">
          {p.kbArticle.title} ({t(`kb.status.${p.kbArticle.status as 'draft'}`, p.kbArticle.status)})
        </Anchor>
      ) : (
        <Stack gap="xs">
          {publish.isError && (
            <Alert color="red" role="alert">
              {problemMessage(publish.error, t)}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            {t('problems.publishArticleHint')}
          </Text>
          <Group>
            <Button
              loading={publish.isPending}
              onClick={() =>
                publish.mutate(undefined, { onSuccess: () => notify(t('problems.articleCreated')) })
              }
            >
              {t('problems.publishArticle')}
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}

function StatusActions({ problem: p }: { problem: ProblemRecord }) {
  const { t } = useTranslation();
  const move = useMoveProblem(p.id);
  const [v, setV] = useState({
    rootCause: p.rootCause ?? '',
    workaround: p.workaround ?? '',
    permanentFix: p.permanentFix ?? '',
    note: '',
  });
  const errors = fieldErrors(move.error);
  return (
    <Section title={t('problems.status')}>
      <Stack gap="sm">
        {move.isError && (
          <Alert color="red" role="alert">
            {problemMessage(move.error, t)}
          </Alert>
        )}
        <Textarea
          label={t('problems.rootCause')}
          autosize
          minRows={2}
          value={v.rootCause}
          onChange={(e) => setV({ ...v, rootCause: e.currentTarget.value })}
          error={errors.rootCause}
        />
        <Textarea
          label={t('problems.workaround')}
          autosize
          minRows={2}
          value={v.workaround}
          onChange={(e) => setV({ ...v, workaround: e.currentTarget.value })}
          error={errors.workaround}
        />
        <Textarea
          label={t('problems.permanentFix')}
          autosize
          minRows={2}
          value={v.permanentFix}
          onChange={(e) => setV({ ...v, permanentFix: e.currentTarget.value })}
          error={errors.permanentFix}
        />
        <Textarea
          label={t('problems.note')}
          autosize
          minRows={1}
          value={v.note}
          onChange={(e) => setV({ ...v, note: e.currentTarget.value })}
        />
        <Group gap="xs">
          {p.nextStatuses.map((s) => (
            <Button
              key={s}
              loading={move.isPending}
              onClick={() =>
                move.mutate(
                  {
                    status: s,
                    version: p.version,
                    ...(v.rootCause ? { rootCause: v.rootCause } : {}),
                    ...(v.workaround ? { workaround: v.workaround } : {}),
                    ...(v.permanentFix ? { permanentFix: v.permanentFix } : {}),
                    ...(v.note ? { note: v.note } : {}),
                  },
                  { onSuccess: () => notify(t('problems.moved')) },
                )
              }
            >
              {t('problems.moveTo', { status: t(`problems.statuses.${s}`) })}
            </Button>
          ))}
        </Group>
      </Stack>
    </Section>
  );
}
