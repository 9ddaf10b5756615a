import type { ChangeCalendarItem } from '@desk/contracts';
import { Badge, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useChangeCalendar } from '../../api/changes';
import { useLiveRecordEvents } from '../../api/liveRecords';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { formatDateTime, useTimeZone } from '../../lib/dates';
import { ChangeNav } from './ChangeListPage';

type View = 'month' | 'week';

/** Scheduled changes by day, a month or a week at a time, in the region's time zone; clashes marked. */
export function ChangeCalendarPage() {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const [view, setView] = useState<View>('week');
  const [anchor, setAnchor] = useState(() => dayjs().tz(tz));
  // Weeks start on Monday.
  const start =
    view === 'month'
      ? anchor.startOf('month')
      : anchor.startOf('day').subtract((anchor.day() + 6) % 7, 'day');
  const end = view === 'month' ? start.add(1, 'month') : start.add(7, 'day');
  useLiveRecordEvents('change', true);
  const cal = useChangeCalendar(start.toISOString(), end.toISOString());
  const days: dayjs.Dayjs[] = [];
  for (let d = start; d.isBefore(end); d = d.add(1, 'day')) days.push(d);
  const on = (day: dayjs.Dayjs) =>
    (cal.data?.items ?? []).filter(
      (c) => dayjs(c.plannedStart).isBefore(day.add(1, 'day')) && dayjs(c.plannedEnd).isAfter(day),
    );
  const shift = (n: number) => setAnchor((a) => a.add(n, view));

  return (
    <Stack gap="sm">
      <PageHeader title={t('changes.calendar')} subtitle={t('changes.subtitle')} />
      <ChangeNav current="calendar" />
      <Group justify="space-between" wrap="wrap" gap="xs">
        <SegmentedControl
          aria-label={t('changes.calendar')}
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            { value: 'week', label: t('changes.week') },
            { value: 'month', label: t('changes.month') },
          ]}
        />
        <Group gap="xs">
          <Button variant="default" size="xs" onClick={() => shift(-1)}>
            {t('changes.previous')}
          </Button>
          <Button variant="default" size="xs" onClick={() => setAnchor(dayjs().tz(tz))}>
            {t('changes.today')}
          </Button>
          <Button variant="default" size="xs" onClick={() => shift(1)}>
            {t('changes.next')}
          </Button>
        </Group>
      </Group>
      <Text fw={600} aria-live="polite">
        {view === 'month'
          ? start.format('MMMM YYYY')
          : `${start.format('D MMM')} – ${end.subtract(1, 'day').format('D MMM YYYY')}`}
      </Text>
      {cal.isPending ? (
        <LoadingState />
      ) : cal.isError ? (
        <ErrorState error={cal.error} onRetry={() => void cal.refetch()} />
      ) : (
        <>
          {cal.data.items.length === 0 && <Text c="dimmed">{t('changes.noneInPeriod')}</Text>}
          <SimpleGrid cols={{ base: 1, md: 7 }} spacing={4} data-testid="change-calendar">
            {days.map((day) => {
              const items = on(day);
              return (
                <Paper
                  key={day.format('YYYY-MM-DD')}
                  withBorder
                  p={6}
                  radius="sm"
                  mih={{ md: 90 }}
                  visibleFrom={items.length ? undefined : 'md'}
                >
                  <Text size="xs" c="dimmed" fw={600}>
                    {day.format('ddd D MMM')}
                  </Text>
                  <Stack gap={4}>
                    {items.map((c) => (
                      <CalendarEntry key={c.id} c={c} tz={tz} />
                    ))}
                  </Stack>
                </Paper>
              );
            })}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function CalendarEntry({ c, tz }: { c: ChangeCalendarItem; tz: string }) {
  const { t } = useTranslation();
  const clash = c.conflicts.length > 0;
  return (
    <Paper
      component={Link}
      to={`/changes/${c.id}`}
      p={4}
      radius="sm"
      bg={clash ? 'red.0' : 'blue.0'}
      style={{ display: 'block', borderLeft: `3px solid var(--mantine-color-${clash ? 'red' : 'blue'}-7)` }}
      data-testid="calendar-entry"
    >
      <Text size="xs" fw={600} c="dark.9" style={{ overflowWrap: 'anywhere' }}>
        {c.number} · {c.title}
      </Text>
      <Text size="xs" c="dark.7">
        {formatDateTime(c.plannedStart, tz)} · {c.systems.join(', ')}
      </Text>
      <Group gap={4}>
        <Badge size="xs" color="dark.7" variant="outline">
          {t(`changes.phases.${c.phase}`)}
        </Badge>
        {clash && (
          <Text
            size="xs"
            fw={700}
            c="red.9"
            title={`${t('changes.conflicts')} ${c.conflicts.map((x) => x.number).join(', ')}`}
          >
            {t('changes.conflictBadge')}: {c.conflicts.map((x) => x.number).join(', ')}
          </Text>
        )}
      </Group>
    </Paper>
  );
}
