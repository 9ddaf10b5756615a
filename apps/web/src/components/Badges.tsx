import type { PriorityName, TicketStatusName } from '@desk/contracts';
import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// Filled badges with autoContrast (black or white text by the background's luminance): every pair
// keeps WCAG AA contrast, and colour is never the only signal (the text says it).
const STATUS_COLOR: Record<TicketStatusName, MantineColor> = {
  new: 'desk.7',
  assigned: 'indigo.8',
  in_progress: 'violet.8',
  pending: 'yellow.4',
  resolved: 'ok.8',
  closed: 'gray.7',
  cancelled: 'gray.3',
};
const WITH_DINAS_COLOR: MantineColor = 'teal.9';

const PRIORITY_COLOR: Record<PriorityName, MantineColor> = {
  P1: 'red.9',
  P2: 'orange.4',
  P3: 'yellow.3',
  P4: 'gray.3',
};

export function StatusBadge({
  status,
  size = 'md',
}: {
  /** `with_dinas`: what a requester sees while Tier 2 has the ticket. */
  status: TicketStatusName | 'with_dinas';
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  const color = status === 'with_dinas' ? WITH_DINAS_COLOR : STATUS_COLOR[status];
  return (
    <Badge
      color={color}
      size={size}
      autoContrast
      variant="filled"
      style={{ flexShrink: 0 }}
      data-testid="status-badge"
    >
      {t(`status.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({
  priority,
  size = 'md',
}: {
  priority: PriorityName;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  return (
    <Badge
      color={PRIORITY_COLOR[priority]}
      size={size}
      autoContrast
      variant="filled"
      style={{ flexShrink: 0 }}
    >
      {priority} · {t(`priority.${priority}`)}
    </Badge>
  );
}
