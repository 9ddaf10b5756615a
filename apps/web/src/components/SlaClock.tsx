import type { SlaClock, Ticket } from '@desk/contracts';
import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconClock,
  IconPlayerPause,
  IconPlayerStop,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration, useTimeZone } from '../lib/dates';
import { clockStart, clockView, nextClock, type ClockTone, type ClockView } from '../lib/sla';
import { useNow } from '../lib/useNow';

const TONE_COLOR: Record<ClockTone, string> = {
  green: 'ok.8',
  amber: 'yellow.4',
  red: 'red.9',
  gray: 'gray.3',
};
const TONE_BAR: Record<ClockTone, string> = {
  green: 'green.7',
  amber: 'yellow.5',
  red: 'red.8',
  gray: 'gray.5',
};
const CLOCK_ORDER = ['response', 'tier2Response', 'resolution'];

function useClockText() {
  const { t } = useTranslation();
  const units = t('time.units', { returnObjects: true }) as { d: string; h: string; m: string; s: string };
  return (v: ClockView): string => {
    switch (v.state) {
      case 'met':
        return t('sla.met');
      case 'metLate':
        return t('sla.metLate');
      case 'paused':
        return t('sla.paused');
      case 'stopped':
        return t('sla.stopped');
      case 'none':
        return t('sla.noDue');
      case 'breached':
        return v.remainingMs !== null
          ? t('sla.overdue', { time: formatDuration(v.remainingMs, units) })
          : t('sla.breached');
      default:
        return t('sla.left', { time: formatDuration(v.remainingMs ?? 0, units) });
    }
  };
}

function ToneIcon({ v }: { v: ClockView }) {
  if (v.state === 'met') return <IconCircleCheck size={14} aria-hidden />;
  if (v.state === 'paused') return <IconPlayerPause size={14} aria-hidden />;
  if (v.state === 'stopped') return <IconPlayerStop size={14} aria-hidden />;
  if (v.tone === 'red' || v.state === 'metLate') return <IconAlertTriangle size={14} aria-hidden />;
  return <IconClock size={14} aria-hidden />;
}

/** The api's queue clock names, as the names of `ticket.sla`. */
const SLA_KEY: Record<string, string> = {
  response: 'response',
  tier2_response: 'tier2Response',
  resolution: 'resolution',
};

/**
 * The clock a queue row is sorted by, as a compact live chip naming the clock. The api's queue
 * clock decides which clock and its state: breached shows red ("lewat ..."), never a green "sisa".
 */
export function SlaChip({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  const tz = useTimeZone();
  const text = useClockText();
  const units = t('time.units', { returnObjects: true }) as { d: string; h: string; m: string; s: string };
  const q = ticket.queueClock;
  const fallback = nextClock(ticket);
  const name = q ? (SLA_KEY[q.clock] ?? fallback.name) : fallback.name;
  const base = (q && ticket.sla[name]) || fallback.clock;
  // The queue clock may be newer than the rest of the row (a live event patches only it): its due
  // time and state win over the row's status and clocks.
  const clock = q?.dueAt ? { ...base, dueAt: q.dueAt } : base;
  const status = q?.state === 'running' && ticket.status === 'pending' ? 'in_progress' : ticket.status;
  let v = clockView(clock, clockStart(name, clock, ticket), status, now);
  if (q?.state === 'breached' && v.state !== 'breached')
    v = { ...v, state: 'breached', tone: 'red', fractionLeft: 0 };
  if (q?.state === 'paused') v = { ...v, state: 'paused', tone: 'gray' };
  if (q?.state === 'met' && v.state !== 'met')
    v = { ...v, state: 'met', tone: 'green', remainingMs: null, fractionLeft: 1 };
  const lapsed =
    v.state === 'breached' && v.dueAt
      ? t('sla.lapsed', { time: formatDuration(Math.max(0, now - Date.parse(v.dueAt)), units) })
      : null;
  const clockName = q
    ? t(`sla.queueClock.${q.clock}` as 'sla.queueClock.response')
    : t(`sla.${name}` as 'sla.response');
  const label = t('sla.chip', { clock: clockName, state: lapsed ?? text(v) });
  return (
    <Tooltip label={`${clockName}: ${formatDateTime(v.dueAt, tz)}`} withArrow>
      <Badge
        color={TONE_COLOR[v.tone]}
        autoContrast
        variant="filled"
        leftSection={<ToneIcon v={v} />}
        style={{ textTransform: 'none' }}
        data-testid="sla-chip"
        data-state={q?.state ?? v.state}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}

function ClockCard({
  name,
  clock,
  ticket,
  now,
}: {
  name: string;
  clock: SlaClock;
  ticket: Ticket;
  now: number;
}) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const text = useClockText();
  const v = clockView(clock, clockStart(name, clock, ticket), ticket.status, now);
  const label = t(`sla.${name}` as 'sla.response', name);
  return (
    <Paper withBorder p="sm" radius="md" aria-label={`${label}: ${text(v)}`}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <Badge
            color={TONE_COLOR[v.tone]}
            autoContrast
            variant="filled"
            leftSection={<ToneIcon v={v} />}
            style={{ textTransform: 'none' }}
          >
            <span aria-live={v.tone === 'red' ? 'polite' : 'off'}>{text(v)}</span>
          </Badge>
        </Group>
        <Progress value={v.fractionLeft * 100} color={TONE_BAR[v.tone]} size="sm" aria-hidden />
        <Text size="xs" c="dimmed">
          {v.dueAt ? t('sla.dueAt', { when: formatDateTime(v.dueAt, tz) }) : t('sla.noDue')}
        </Text>
      </Stack>
    </Paper>
  );
}

/** Every SLA clock of a ticket (response, resolution, and Tier 2 pick-up when the api sends it) as live countdowns. */
export function SlaPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const names = Object.keys(ticket.sla)
    .filter((name) => ticket.sla[name])
    .sort((a, b) => {
      const ia = CLOCK_ORDER.indexOf(a);
      const ib = CLOCK_ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    });
  return (
    <Stack gap="xs" data-testid="sla-clocks">
      <Title order={2} size="h5">
        {t('ticket.sla')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: names.length > 2 ? 3 : 2, md: 1 }} spacing="xs">
        {names.map((name) => (
          <ClockCard key={name} name={name} clock={ticket.sla[name]!} ticket={ticket} now={now} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
