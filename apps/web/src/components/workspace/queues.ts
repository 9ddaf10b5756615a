import type { Me, QueueCounts as ServerCounts, Team, Unit, WorkQueue } from '@desk/contracts';
import type { TFunction } from 'i18next';
import type { TicketQuery } from '../../api/hooks';
import { hasRole } from '../../lib/roles';

/** Queues follow the api's live stream; this polling is the fallback when a proxy breaks it. */
export const LIVE_REFRESH_MS = 20_000;

export interface Queue {
  key: string;
  label: string;
  params: TicketQuery;
  /** A Tier 2 team queue: "take next" applies. */
  teamId?: string;
  /** From GET /queues: the counts the api computed, and whether the caller may take the next ticket. */
  counts?: ServerCounts;
  canClaim?: boolean;
  /** POST path of "take next" for this queue. */
  nextPath?: string;
}

/** A Tier 2 team's queue. */
const teamQueue = (team: { id: string; name: string }, extra: Partial<Queue> = {}): Queue => ({
  key: `team-${team.id}`,
  label: team.name,
  params: { tier: 2, teamId: team.id },
  teamId: team.id,
  ...extra,
});

/** The views every agent has after their own queues: all of a tier, Tier 1's escalated, my work. */
function sharedQueues(me: Me, t: TFunction<'translation'>, supervisorExtra: Queue[] = []): Queue[] {
  const queues: Queue[] = [];
  if (hasRole(me, 'supervisor')) {
    queues.push({ key: 'tier1-all', label: t('workspace.allTier1'), params: { tier: 1 } });
    queues.push({ key: 'tier2-all', label: t('workspace.allTier2'), params: { tier: 2 } });
    queues.push(...supervisorExtra);
  }
  if (hasRole(me, 'tier1')) {
    queues.push({
      key: 'desk-escalated',
      label: t('workspace.escalatedFromDesk'),
      params: { tier: 2, unitId: me.unitId },
    });
  }
  queues.push({ key: 'mine', label: t('workspace.myWork'), params: { assignee: 'me' } });
  return queues;
}

/** The queues of GET /queues (the user's own first), then the views every agent has. */
export function queuesFromServer(me: Me, items: WorkQueue[], t: TFunction<'translation'>): Queue[] {
  const own = (q: WorkQueue) => (q.kind === 'desk' ? q.unit?.id === me.unitId : me.teamIds.includes(q.id));
  const sorted = [...items.filter(own), ...items.filter((q) => !own(q))];
  const queues: Queue[] = sorted.map((q): Queue =>
    q.kind === 'desk'
      ? {
          key: q.unit?.id === me.unitId ? 'desk' : `desk-${q.id}`,
          label: t('workspace.desk', { unit: q.unit?.name ?? q.name }),
          params: { tier: 1, unitId: q.unit?.id },
          counts: q.counts,
          canClaim: q.canClaim,
          // The api's "next of desk" claims from the caller's own desk only.
          nextPath: q.unit?.id === me.unitId ? '/queues/desk/next' : undefined,
        }
      : teamQueue(q, { counts: q.counts, canClaim: q.canClaim, nextPath: `/queues/${q.id}/next` }),
  );
  return [...queues, ...sharedQueues(me, t)];
}

/** The desks and teams this user works, from their roles (GET /queues will supply them with counts). */
export function buildQueues(me: Me, teams: Team[], units: Unit[], t: TFunction<'translation'>): Queue[] {
  const queues: Queue[] = [];
  const unitName = units.find((u) => u.id === me.unitId)?.name ?? '';
  if (hasRole(me, 'tier1')) {
    queues.push({
      key: 'desk',
      label: t('workspace.desk', { unit: unitName }),
      params: { tier: 1, unitId: me.unitId },
    });
  }
  if (hasRole(me, 'tier2', 'csirt')) {
    queues.push(...teams.filter((tm) => me.teamIds.includes(tm.id)).map((tm) => teamQueue(tm)));
  }
  const otherTeams = teams.filter((tm) => !queues.some((q) => q.teamId === tm.id)).map((tm) => teamQueue(tm));
  return [...queues, ...sharedQueues(me, t, otherTeams)];
}
