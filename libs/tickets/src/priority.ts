import { Priority } from './entities/ticket.entity';

/**
 * ITIL impact x urgency matrix (1 high .. 3 low):
 *
 *              urgency 1  urgency 2  urgency 3
 *   impact 1      P1         P2         P3
 *   impact 2      P2         P3         P4
 *   impact 3      P3         P4         P4
 */
export function priorityOf(impact: number, urgency: number): Priority {
  const sum = impact + urgency;
  if (sum <= 2) return Priority.P1;
  if (sum === 3) return Priority.P2;
  if (sum === 4) return Priority.P3;
  return Priority.P4;
}
