import type { Attachment, Comment, HistoryEvent, Ticket } from '@desk/contracts';
import { Badge, Group, Paper, Text, Timeline } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowUpRight,
  IconCircleCheck,
  IconClockExclamation,
  IconLock,
  IconMessage,
  IconPaperclip,
  IconPoint,
  IconStar,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, useTimeZone } from '../../lib/dates';

interface Entry {
  key: string;
  at: string;
  title: string;
  body?: string | null;
  icon: ReactNode;
  color?: string;
  internal?: boolean;
}

type Translate = TFunction<'translation'>;

const KNOWN_ACTIONS = [
  'created',
  'claim',
  'assign',
  'start',
  'pend',
  'resume',
  'resolve',
  'reopen',
  'close',
  'cancel',
  'escalate',
  'return',
  'escalated',
  'returned',
  'auto_closed',
  'updated',
  'rated',
  'attachment_added',
] as const;

/** The clock names of a system reason, as the SLA panel names them. */
const REASON_CLOCK: Record<string, string> = {
  response: 'sla.response',
  resolution: 'sla.resolution',
  tier2_response: 'sla.tier2Response',
};

/** A system reason (code and parameters) in the reader's language, with local times. */
function reasonLine(reason: NonNullable<HistoryEvent['reason']>, t: Translate, tz: string): string {
  const p = reason.params;
  const clock = REASON_CLOCK[String(p.clock)];
  return t(`timeline.reasons.${reason.code}` as 'timeline.reasons.sla_breached', {
    clock: clock ? t(clock as 'sla.response').toLowerCase() : String(p.clock ?? ''),
    priority: String(p.priority ?? ''),
    due: p.dueAt ? formatDateTime(String(p.dueAt), tz) : '-',
    defaultValue: reason.code,
  });
}

function statusChange(e: HistoryEvent, t: Translate): string | null {
  const s = e.changes.status;
  if (!s || !s.from) return null;
  const name = (v: unknown) => t(`status.${v as 'new'}`, String(v));
  return t('timeline.status', { from: name(s.from), to: name(s.to) });
}

function historyEntry(e: HistoryEvent, t: Translate, tz: string): Entry | null {
  // Comment bodies come from the comments list; their audit events would repeat them.
  if (e.action === 'commented' || e.action === 'internal_note') return null;
  const actor = e.actor?.name ?? t('timeline.system');
  const known = (KNOWN_ACTIONS as readonly string[]).includes(e.action);
  const title =
    e.action === 'escalated'
      ? e.actor
        ? t('timeline.escalate', { actor })
        : t('timeline.escalatedAuto')
      : known
        ? t(`timeline.${e.action as (typeof KNOWN_ACTIONS)[number]}`, { actor })
        : /escalat/.test(e.action)
          ? t('timeline.escalated')
          : t('timeline.other', { actor, action: e.action.replace(/_/g, ' ') });
  const change = e.action === 'created' ? null : statusChange(e, t);
  const reason = e.reason ? reasonLine(e.reason, t, tz) : null;
  const body = [change, reason ?? e.note].filter(Boolean).join('\n') || null;
  const icon =
    e.action === 'resolve' ? (
      <IconCircleCheck size={14} />
    ) : /escalat/.test(e.action) ? (
      <IconArrowUpRight size={14} />
    ) : e.action === 'attachment_added' ? (
      <IconPaperclip size={14} />
    ) : e.action === 'rated' ? (
      <IconStar size={14} />
    ) : /breach/.test(e.action) ? (
      <IconAlertTriangle size={14} />
    ) : (
      <IconPoint size={14} />
    );
  return {
    key: `h${e.id}`,
    at: e.createdAt,
    title,
    body,
    icon,
    color: /breach/.test(e.action) ? 'red.8' : undefined,
  };
}

/** For requesters (no audit access): the milestones the ticket itself records. */
function milestoneEntries(ticket: Ticket, attachments: Attachment[], t: Translate): Entry[] {
  const entries: Entry[] = [
    {
      key: 'created',
      at: ticket.createdAt,
      title: t('timeline.created', { actor: ticket.requester.name }),
      icon: <IconPoint size={14} />,
    },
  ];
  if (ticket.escalatedAt)
    entries.push({
      key: 'esc',
      at: ticket.escalatedAt,
      title: t('timeline.escalated'),
      icon: <IconArrowUpRight size={14} />,
    });
  if (ticket.resolvedAt)
    entries.push({
      key: 'res',
      at: ticket.resolvedAt,
      title: t('timeline.resolved'),
      body: ticket.resolution,
      icon: <IconCircleCheck size={14} />,
      color: 'green.8',
    });
  if (ticket.closedAt)
    entries.push({
      key: 'closed',
      at: ticket.closedAt,
      title: t('timeline.closed'),
      icon: <IconPoint size={14} />,
    });
  if (ticket.cancelledAt)
    entries.push({
      key: 'cancelled',
      at: ticket.cancelledAt,
      title: t('timeline.cancelled'),
      body: ticket.cancelReason,
      icon: <IconPoint size={14} />,
    });
  for (const a of attachments) {
    entries.push({
      key: `a${a.id}`,
      at: a.createdAt,
      title: t('timeline.attachment_added', { actor: a.uploader.name }),
      body: a.fileName,
      icon: <IconPaperclip size={14} />,
    });
  }
  return entries;
}

/** SLA warnings and breaches the engine recorded on the clocks. */
function slaEntries(ticket: Ticket, t: Translate): Entry[] {
  const entries: Entry[] = [];
  for (const [name, clock] of Object.entries(ticket.sla)) {
    if (!clock) continue;
    const label = t(`sla.${name}` as 'sla.response', name);
    if (clock.warnedAt)
      entries.push({
        key: `w${name}`,
        at: clock.warnedAt,
        title: t('timeline.slaWarned', { clock: label }),
        icon: <IconClockExclamation size={14} />,
        color: 'yellow.7',
      });
    if (clock.breachedAt)
      entries.push({
        key: `b${name}`,
        at: clock.breachedAt,
        title: t('timeline.slaBreached', { clock: label }),
        icon: <IconAlertTriangle size={14} />,
        color: 'red.8',
      });
  }
  return entries;
}

export function TicketTimeline({
  ticket,
  comments,
  history,
  attachments,
}: {
  ticket: Ticket;
  comments: Comment[];
  history: HistoryEvent[] | null;
  attachments: Attachment[];
}) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const entries: Entry[] = [
    ...(history
      ? history.map((e) => historyEntry(e, t, tz)).filter((e): e is Entry => !!e)
      : milestoneEntries(ticket, attachments, t)),
    ...slaEntries(ticket, t),
    ...comments.map<Entry>((c) => ({
      key: `c${c.id}`,
      at: c.createdAt,
      title: c.internal
        ? t('timeline.internal_note', { actor: c.author.name })
        : t('timeline.commented', { actor: c.author.name }),
      body: c.body,
      icon: c.internal ? <IconLock size={14} /> : <IconMessage size={14} />,
      color: c.internal ? 'yellow.7' : 'desk',
      internal: c.internal,
    })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  if (!entries.length) return <Text c="dimmed">{t('timeline.empty')}</Text>;
  return (
    <Timeline bulletSize={24} lineWidth={2} active={entries.length} color="desk" data-testid="timeline">
      {entries.map((e) => (
        <Timeline.Item key={e.key} bullet={e.icon} color={e.color} title={<TitleLine entry={e} />}>
          <Text size="xs" c="dimmed">
            {formatDateTime(e.at, tz)}
          </Text>
          {e.body && (
            <Paper
              mt={6}
              p="xs"
              radius="sm"
              bg={e.internal ? 'yellow.0' : 'gray.0'}
              withBorder
              className="pre-wrap"
              style={{ fontSize: 'var(--mantine-font-size-sm)' }}
            >
              {e.body}
            </Paper>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function TitleLine({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  return (
    <Group gap={6}>
      <Text size="sm" fw={600} component="span">
        {entry.title}
      </Text>
      {entry.internal && (
        <Badge size="xs" color="yellow.4" autoContrast leftSection={<IconLock size={10} aria-hidden />}>
          {t('ticket.internal')}
        </Badge>
      )}
    </Group>
  );
}
