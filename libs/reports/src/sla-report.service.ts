import { Clock } from '@desk/common';
import { Actor, hasRole, RegionService, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { SlaReportQuery } from './dto/sla-report.query';
import { DurationView, RateView, SlaReportView, UnitRowView } from './dto/sla-report.view';
import { bucketKeys, granularityOf, Locale, parseRange, periodLabel, readerLocale } from './report-period';
import { ReportErrors } from './reports.errors';
import { ServiceRecordsReportRepository } from './service-records-report.repository';
import { OpenedRow, ReportWindow, ResolvedRow, SlaReportRepository } from './sla-report.repository';

export interface ReportScopeInput {
  unitId?: string | null;
  teamId?: string | null;
}

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const PHASES = ['reported', 'triage', 'containment', 'eradication', 'recovery', 'closed'];

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function rate(met: number, total: number): RateView {
  return { met, total, pct: total ? round((100 * met) / total, 1) : null };
}

const duration = (
  mean: number | null | undefined,
  median: number | null | undefined,
  count = 0,
): DurationView => ({
  meanSeconds: mean == null ? null : Math.round(mean),
  medianSeconds: median == null ? null : Math.round(median),
  count,
});

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * The SLA report of docs/domain.md, "Reports" for a period and a scope: the figures come from
 * SlaReportRepository (tickets) and ServiceRecordsReportRepository (changes, problems,
 * incidents, deflections); this class only arranges them. Access: supervisors read every
 * scope, a PD head only their own PD (their PD when none is named).
 */
@Injectable()
export class SlaReportService {
  constructor(
    private readonly repo: SlaReportRepository,
    private readonly records: ServiceRecordsReportRepository,
    private readonly region: RegionService,
    private readonly clock: Clock,
  ) {}

  /** The scope an actor may read: 403 for another PD's head, 400 for unknown units and teams. */
  async authorizeScope(
    actor: Actor,
    input: ReportScopeInput & { regencyWide?: boolean },
  ): Promise<ReportScopeInput> {
    let unitId = input.unitId ?? null;
    if (!hasRole(actor, Role.Supervisor)) {
      if (!hasRole(actor, Role.UnitHead)) throw ReportErrors.otherPd();
      if (input.regencyWide) throw ReportErrors.regencyWide();
      if (unitId && unitId !== actor.unitId) throw ReportErrors.otherPd();
      unitId = actor.unitId;
    }
    const errors = [];
    if (unitId && (await this.repo.unit(unitId))?.kind !== 'pd')
      errors.push({ field: 'unitId', message: 'unitId must name a PD' });
    if (input.teamId && !(await this.repo.team(input.teamId)))
      errors.push({ field: 'teamId', message: 'teamId must name a Tier 2 team' });
    if (errors.length) throw ReportErrors.invalid(errors);
    return { unitId, teamId: input.teamId ?? null };
  }

  async forActor(actor: Actor, query: SlaReportQuery): Promise<SlaReportView> {
    const scope = await this.authorizeScope(actor, query);
    const { timezone } = await this.region.facts();
    const range = parseRange(query.from, query.to, timezone);
    if ('errors' in range) throw ReportErrors.invalid(range.errors);
    // Incidents stay counts only, unless the reader is CSIRT.
    return this.build(scope, range.start, range.end, readerLocale(actor.locale), hasRole(actor, Role.Csirt));
  }

  async build(
    scope: ReportScopeInput,
    start: Date,
    end: Date,
    locale: Locale = 'id',
    csirtReader = false,
  ): Promise<SlaReportView> {
    const region = await this.region.facts();
    const now = this.clock.now();
    const asOf = end < now ? end : now;
    const granularity = granularityOf(start, end);
    const w: ReportWindow = { start, end, asOf, timezone: region.timezone, granularity, scope };
    const regencyWide = !scope.unitId;
    const [opened, resolved, backlog, breaches, incidents, unit, team, pds, deflections, changes, problems] =
      await Promise.all([
        this.repo.opened(w),
        this.repo.resolved(w),
        this.repo.backlog(w),
        this.repo.breaches(w),
        this.records.incidentCounts(w),
        scope.unitId ? this.repo.unit(scope.unitId) : null,
        scope.teamId ? this.repo.team(scope.teamId) : null,
        regencyWide ? this.repo.pds() : [],
        this.records.deflections(w),
        this.records.changeStats(w),
        this.records.problemStats(w),
      ]);

    const zeroOpened = {
      opened: 0,
      escalated: 0,
      responseDue: 0,
      responseMet: 0,
      respondCount: 0,
    } as OpenedRow;
    const zeroResolved = {
      resolved: 0,
      tier1Resolved: 0,
      resolutionDue: 0,
      resolutionMet: 0,
      resolveCount: 0,
      ratingCount: 0,
    } as ResolvedRow;
    const o = opened.find((r) => r.set === 'all') ?? zeroOpened;
    const r = resolved.find((x) => x.set === 'all') ?? zeroResolved;
    const b = backlog.find((x) => x.set === 'all') ?? { total: 0, lt1d: 0, d1to3: 0, d3to7: 0, gt7d: 0 };
    const breachTotal = breaches.counts.find((x) => x.set === 'all')?.breaches ?? 0;
    const satisfaction = (row: ResolvedRow) => ({
      average: row.ratingAverage == null ? null : round(row.ratingAverage, 2),
      count: row.ratingCount,
    });

    const byPriority = PRIORITIES.map((priority) => {
      const po = opened.find((x) => x.set === 'priority' && x.priority === priority) ?? zeroOpened;
      const pr = resolved.find((x) => x.set === 'priority' && x.priority === priority) ?? zeroResolved;
      return {
        priority,
        opened: po.opened,
        resolved: pr.resolved,
        response: rate(po.responseMet, po.responseDue),
        resolution: rate(pr.resolutionMet, pr.resolutionDue),
        timeToRespond: duration(po.respondMean, po.respondMedian, po.respondCount),
        timeToResolve: duration(pr.resolveMean, pr.resolveMedian, pr.resolveCount),
      };
    });

    const categories = opened
      .filter((x) => x.set === 'category')
      .sort((x, y) => y.opened - x.opened || String(x.categoryId).localeCompare(String(y.categoryId)))
      .slice(0, 10);
    const names = await this.repo.categoryNames(
      categories.flatMap((c) => (c.categoryId ? [c.categoryId] : [])),
    );
    const uncategorised = locale === 'en' ? '(no category)' : '(tanpa kategori)';

    const keys = bucketKeys(start, end, granularity, region.timezone);
    const openedBy = new Map(opened.filter((x) => x.set === 'bucket').map((x) => [x.bucket, x]));
    const resolvedBy = new Map(resolved.filter((x) => x.set === 'bucket').map((x) => [x.bucket, x]));

    const byUnit: UnitRowView[] = pds.map((pd) => {
      const uo = opened.find((x) => x.set === 'unit' && x.unitId === pd.id) ?? zeroOpened;
      const ur = resolved.find((x) => x.set === 'unit' && x.unitId === pd.id) ?? zeroResolved;
      return {
        unitId: pd.id,
        unitName: pd.name,
        opened: uo.opened,
        resolved: ur.resolved,
        backlog: backlog.find((x) => x.set === 'unit' && x.unitId === pd.id)?.total ?? 0,
        response: rate(uo.responseMet, uo.responseDue),
        resolution: rate(ur.resolutionMet, ur.resolutionDue),
        tier1Resolution: rate(ur.tier1Resolved, ur.resolved),
        escalation: rate(uo.escalated, uo.opened),
        breaches: breaches.counts.find((x) => x.set === 'unit' && x.unitId === pd.id)?.breaches ?? 0,
        satisfaction: satisfaction(ur),
      };
    });

    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, incidents?.bySeverity[s] ?? 0]));
    const byPhase = Object.fromEntries(PHASES.map((p) => [p, incidents?.byPhase[p] ?? 0]));
    const incidentItems = csirtReader && incidents ? await this.records.incidentItems(w) : undefined;
    const all = locale === 'en' ? 'All agencies' : 'Seluruh Perangkat Daerah';
    const teamLabel = team ? (locale === 'en' ? `team ${team.name}` : `tim ${team.name}`) : null;
    return {
      scope: {
        unitId: scope.unitId ?? null,
        unitName: unit?.name ?? null,
        teamId: scope.teamId ?? null,
        teamName: team?.name ?? null,
        regencyWide,
        label: [unit?.name ?? all, teamLabel].filter(Boolean).join(', '),
      },
      period: {
        from: start.toISOString(),
        to: end.toISOString(),
        timezone: region.timezone,
        label: periodLabel(start, end, region.timezone, locale),
        asOf: asOf.toISOString(),
      },
      generatedAt: now.toISOString(),
      summary: {
        opened: o.opened,
        resolved: r.resolved,
        backlog: b.total,
        response: rate(o.responseMet, o.responseDue),
        resolution: rate(r.resolutionMet, r.resolutionDue),
        timeToRespond: duration(o.respondMean, o.respondMedian, o.respondCount),
        timeToResolve: duration(r.resolveMean, r.resolveMedian, r.resolveCount),
        tier1Resolution: rate(r.tier1Resolved, r.resolved),
        escalation: rate(o.escalated, o.opened),
        breaches: breachTotal,
        satisfaction: satisfaction(r),
      },
      deflections,
      backlogByAge: { lt1d: b.lt1d, d1to3: b.d1to3, d3to7: b.d3to7, gt7d: b.gt7d },
      byPriority,
      breaches: {
        total: breachTotal,
        byClock: Object.fromEntries(
          breaches.counts.filter((x) => x.set === 'clock').map((x) => [x.clock as string, x.breaches]),
        ),
        items: breaches.items.map((x) => ({
          ...x,
          dueAt: iso(x.dueAt)!,
          breachedAt: iso(x.breachedAt)!,
          metAt: iso(x.metAt),
        })),
      },
      topCategories: categories.map((c) => ({
        categoryId: c.categoryId,
        name: (c.categoryId && names.get(c.categoryId)) || uncategorised,
        count: c.opened,
      })),
      securityIncidents: {
        available: incidents !== null,
        total: Object.values(bySeverity).reduce((a, n) => a + n, 0),
        bySeverity,
        byPhase,
        acknowledgement: {
          decided: incidents?.ackDecided ?? 0,
          met: incidents?.ackMet ?? 0,
          pct: incidents?.ackDecided
            ? Math.round((1000 * incidents.ackMet) / incidents.ackDecided) / 10
            : null,
        },
        ...(incidentItems ? { items: incidentItems } : {}),
      },
      changes: changes && {
        implemented: changes.implemented,
        successful: rate(changes.successful, changes.reviewed),
        emergency: rate(changes.emergency, changes.implemented),
      },
      problems,
      series: {
        granularity,
        points: keys.map((bucket) => {
          const po = openedBy.get(bucket);
          const pr = resolvedBy.get(bucket);
          return {
            bucket,
            opened: po?.opened ?? 0,
            resolved: pr?.resolved ?? 0,
            responseMetPct: po ? rate(po.responseMet, po.responseDue).pct : null,
            resolutionMetPct: pr ? rate(pr.resolutionMet, pr.resolutionDue).pct : null,
          };
        }),
      },
      byUnit,
    };
  }
}
