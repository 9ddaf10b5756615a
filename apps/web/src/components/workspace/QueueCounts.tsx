import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTicketSample } from '../../api/hooks';
import { isBreached, isDueSoon } from '../../lib/sla';
import { useNow } from '../../lib/useNow';
import { LIVE_REFRESH_MS, type Queue } from './queues';

const COUNT_SAMPLE = 200;

const CHIP_COLORS = {
  new: 'desk.7',
  open: 'gray.7',
  dueSoon: 'yellow.4',
  breached: 'red.9',
  unassigned: 'grape.8',
};
type CountKey = keyof typeof CHIP_COLORS;

function CountChip({ name, value, testId }: { name: CountKey; value: string | number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={CHIP_COLORS[name]}
      autoContrast
      size="lg"
      variant="filled"
      style={{ textTransform: 'none' }}
      data-testid={testId}
    >
      {t(`workspace.counts.${name}`)}: {value}
    </Badge>
  );
}

/** The api's own counts (GET /queues): exact, with the unassigned tickets "take next" would pick. */
function ServerQueueCounts({ counts }: { counts: NonNullable<Queue['counts']> }) {
  const keys = ['new', 'open', 'unassigned', 'dueSoon', 'breached'] as const;
  return (
    <Group gap={6} aria-live="polite" data-testid="queue-counts">
      {keys.map((key) => (
        <CountChip key={key} name={key} value={counts[key]} testId={`count-${key}`} />
      ))}
    </Group>
  );
}

/** Counts from the first tickets of the queue, for an api without GET /queues. */
function SampledQueueCounts({ queue }: { queue: Queue }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const sample = useTicketSample({ ...queue.params, status: ['open'], sort: 'due' }, COUNT_SAMPLE, {
    refetchInterval: LIVE_REFRESH_MS,
  });
  const items = sample.data?.items ?? [];
  const counts = {
    new: items.filter((i) => i.status === 'new').length,
    open: items.length,
    dueSoon: items.filter((i) => isDueSoon(i, now)).length,
    breached: items.filter((i) => isBreached(i, now)).length,
  };
  const plus = sample.data?.truncated ? '+' : '';
  const keys = ['new', 'open', 'dueSoon', 'breached'] as const;
  return (
    <Group gap={6} aria-live="polite" data-testid="queue-counts">
      {keys.map((key) => (
        <CountChip key={key} name={key} value={sample.isPending ? '…' : `${counts[key]}${plus}`} />
      ))}
      {sample.data?.truncated && (
        <Text size="xs" c="dimmed">
          {t('workspace.countsPartial', { count: COUNT_SAMPLE })}
        </Text>
      )}
    </Group>
  );
}

/** How many tickets the queue holds, new, due soon and breached. */
export function QueueCounts({ queue }: { queue: Queue }) {
  if (queue.counts) return <ServerQueueCounts counts={queue.counts} />;
  return <SampledQueueCounts queue={queue} />;
}
