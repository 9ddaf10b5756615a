import type { TicketQuery } from '../../api/hooks';
import { dayjs } from '../../lib/dates';

/** What the workspace's filter panel holds; dates are calendar days (`YYYY-MM-DD`) in the region. */
export interface DeskFilters {
  status: string;
  assignee: 'any' | 'me' | 'none';
  priority: string | null;
  kind: string | null;
  unitId: string | null;
  categoryId: string | null;
  requesterId: string | null;
  from: string | null;
  to: string | null;
  breached: boolean;
  search: string;
}

export const NO_FILTERS: DeskFilters = {
  status: 'open',
  assignee: 'any',
  priority: null,
  kind: null,
  unitId: null,
  categoryId: null,
  requesterId: null,
  from: null,
  to: null,
  breached: false,
  search: '',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The filters as GET /tickets parameters (strings, as an overview stores them). A date range
 * covers whole days of the region's time zone: from the start of `from` to the end of `to`.
 */
export function filtersToParams(f: DeskFilters, tz: string): Record<string, string> {
  const p: Record<string, string> = { status: f.status };
  if (f.assignee !== 'any') p.assignee = f.assignee;
  if (f.priority) p.priority = f.priority;
  if (f.kind) p.kind = f.kind;
  if (f.unitId) p.unitId = f.unitId;
  if (f.categoryId) p.categoryId = f.categoryId;
  if (f.requesterId) p.requesterId = f.requesterId;
  if (f.from && DAY.test(f.from)) p.createdFrom = dayjs.tz(f.from, tz).toISOString();
  if (f.to && DAY.test(f.to)) p.createdTo = dayjs.tz(f.to, tz).add(1, 'day').toISOString();
  if (f.breached) p.breached = 'true';
  if (f.search.trim()) p.q = f.search.trim();
  return p;
}

/** An overview's saved parameters back into the panel (unknown or queue parameters are ignored). */
export function paramsToFilters(p: Record<string, string>, tz: string): DeskFilters {
  const day = (iso: string | undefined, back: number) =>
    iso && dayjs(iso).isValid() ? dayjs(iso).tz(tz).subtract(back, 'day').format('YYYY-MM-DD') : null;
  const assignee = p.assignee === 'me' || p.assignee === 'none' ? p.assignee : 'any';
  return {
    status: p.status && !p.status.includes(',') ? p.status : 'open',
    assignee,
    priority: p.priority ?? null,
    kind: p.kind ?? null,
    unitId: p.unitId ?? null,
    categoryId: p.categoryId ?? null,
    requesterId: p.requesterId ?? null,
    from: day(p.createdFrom, 0),
    to: day(p.createdTo, 1),
    breached: p.breached === 'true',
    search: p.q ?? '',
  };
}

/** The list query for one queue with these filters (the queue's own parameters win). */
export function filtersToQuery(queue: TicketQuery, f: DeskFilters, q: string, tz: string): TicketQuery {
  const p = filtersToParams({ ...f, search: q }, tz);
  return {
    ...queue,
    status: p.status === 'open' ? ['open'] : [p.status as 'new'],
    ...(p.assignee && !queue.assignee ? { assignee: p.assignee as 'me' | 'none' } : {}),
    ...(p.priority ? { priority: p.priority } : {}),
    ...(p.kind ? { kind: p.kind as TicketQuery['kind'] } : {}),
    ...(p.unitId && !queue.unitId ? { unitId: p.unitId } : {}),
    ...(p.categoryId ? { categoryId: p.categoryId } : {}),
    ...(p.requesterId ? { requesterId: p.requesterId } : {}),
    ...(p.createdFrom ? { createdFrom: p.createdFrom } : {}),
    ...(p.createdTo ? { createdTo: p.createdTo } : {}),
    ...(f.breached ? { breached: true } : {}),
    ...(p.q ? { q: p.q } : {}),
  };
}

/** How many filters differ from the defaults (shown on the phone's filter button). */
export function activeFilterCount(f: DeskFilters): number {
  return (Object.keys(NO_FILTERS) as (keyof DeskFilters)[]).filter((k) =>
    typeof f[k] === 'string' ? String(f[k]).trim() !== NO_FILTERS[k] : f[k] !== NO_FILTERS[k],
  ).length;
}
