import { Button, Group, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface PickableQueue {
  key: string;
  label: string;
  counts?: { open: number };
}

/** Above this many desks and teams, they are grouped in two pickers instead of a row of buttons. */
const GROUP_ABOVE = 6;

const isDesk = (key: string) => key === 'desk' || (key.startsWith('desk-') && key !== 'desk-escalated');
const isTeam = (key: string) => key.startsWith('team-');
const labelOf = (q: PickableQueue) => (q.counts ? `${q.label} · ${q.counts.open}` : q.label);

/**
 * The queue picker of the workspace: a row of buttons for a few queues; for a supervisor with every
 * PD desk and Tier 2 team, the general views stay buttons and the desks and teams each get a picker.
 */
export function QueuePicker({
  queues,
  current,
  onSelect,
}: {
  queues: PickableQueue[];
  current: string;
  onSelect: (key: string) => void;
}) {
  const { t } = useTranslation();
  const desks = queues.filter((q) => isDesk(q.key));
  const teams = queues.filter((q) => isTeam(q.key));
  const grouped = desks.length + teams.length > GROUP_ABOVE;
  const buttons = grouped ? queues.filter((q) => !isDesk(q.key) && !isTeam(q.key)) : queues;
  const picker = (label: string, items: PickableQueue[], testId: string) =>
    items.length > 0 && (
      <Select
        size="xs"
        w={{ base: '100%', xs: 260 }}
        label={label}
        placeholder={t('workspace.pickQueue')}
        data={items.map((q) => ({ value: q.key, label: labelOf(q) }))}
        value={items.some((q) => q.key === current) ? current : null}
        onChange={(key) => key && onSelect(key)}
        searchable
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        data-testid={testId}
      />
    );
  return (
    <Group
      gap={6}
      wrap="wrap"
      align="flex-end"
      role="group"
      aria-label={t('workspace.queues')}
      data-testid="queue-picker"
    >
      {buttons.map((q) => (
        <Button
          key={q.key}
          size="xs"
          radius="xl"
          variant={q.key === current ? 'filled' : 'default'}
          aria-pressed={q.key === current}
          onClick={() => onSelect(q.key)}
        >
          {labelOf(q)}
        </Button>
      ))}
      {grouped && picker(t('workspace.groupDesks'), desks, 'queue-group-desks')}
      {grouped && picker(t('workspace.groupTeams'), teams, 'queue-group-teams')}
    </Group>
  );
}
