import type { ReportIncidentItem } from '@desk/contracts';
import { sqlRow, sqlRows } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReportWindow } from './sla-report.repository';

export interface IncidentCounts {
  bySeverity: Record<string, number>;
  byPhase: Record<string, number>;
  ackDecided: number;
  ackMet: number;
}

/** Changes implemented, closed with a review, successful, and emergencies, in the period. */
export interface ChangeStatsRow {
  implemented: number;
  emergency: number;
  reviewed: number;
  successful: number;
}

/** Problems opened and resolved in the period, and known errors open at its end. */
export interface ProblemStatsRow {
  opened: number;
  resolved: number;
  openKnownErrors: number;
}

/**
 * The SLA report's figures beyond tickets: knowledge-base deflections, changes, problems and
 * security incidents (counts; the incidents themselves only for a CSIRT reader). One small
 * aggregate each, in the report's scope.
 */
@Injectable()
export class ServiceRecordsReportRepository {
  private incidentTable?: string | null;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Draft tickets their requesters ended as solved by a knowledge-base article, in the window, for
   * the PD scope (deflections belong to the requester's PD, not to a Tier 2 team).
   */
  async deflections(w: ReportWindow): Promise<number> {
    const params: unknown[] = [w.start, w.end];
    const unit = w.scope.unitId ? `AND unit_id = $${params.push(w.scope.unitId)}` : '';
    const row = await sqlRow<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM kb_deflection WHERE created_at >= $1 AND created_at < $2 ${unit}`,
      params,
    );
    return row!.n;
  }

  /** Changes implemented, closed with a review, and emergencies, in the period (none per team). */
  async changeStats(w: ReportWindow): Promise<ChangeStatsRow | null> {
    if (w.scope.teamId) return null;
    const params: unknown[] = [w.start, w.end];
    const unit = w.scope.unitId ? `AND c.owning_unit_id = $${params.push(w.scope.unitId)}::uuid` : '';
    return sqlRow<ChangeStatsRow>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE c.implemented_at >= $1 AND c.implemented_at < $2)::int AS implemented,
              count(*) FILTER (WHERE c.implemented_at >= $1 AND c.implemented_at < $2
                                 AND c.type = 'emergency')::int AS emergency,
              count(*) FILTER (WHERE c.closed_at >= $1 AND c.closed_at < $2 AND c.review IS NOT NULL)::int AS reviewed,
              count(*) FILTER (WHERE c.closed_at >= $1 AND c.closed_at < $2
                                 AND (c.review->>'successful')::boolean)::int AS successful
         FROM change_request c
        WHERE ((c.implemented_at >= $1 AND c.implemented_at < $2) OR (c.closed_at >= $1 AND c.closed_at < $2)) ${unit}`,
      params,
    );
  }

  /** Problems opened and resolved in the period, and known errors open at its end. */
  async problemStats(w: ReportWindow): Promise<ProblemStatsRow> {
    const params: unknown[] = [w.start, w.end, w.asOf];
    let scope = '';
    if (w.scope.unitId || w.scope.teamId) {
      const conds: string[] = [];
      if (w.scope.unitId) conds.push(`t.unit_id = $${params.push(w.scope.unitId)}::uuid`);
      if (w.scope.teamId) conds.push(`t.team_id = $${params.push(w.scope.teamId)}::uuid`);
      scope = `AND EXISTS (SELECT 1 FROM problem_ticket pt JOIN ticket t ON t.id = pt.ticket_id
                            WHERE pt.problem_id = p.id AND ${conds.join(' AND ')})`;
    }
    const row = await sqlRow<ProblemStatsRow>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE p.created_at >= $1 AND p.created_at < $2)::int AS opened,
              count(*) FILTER (WHERE p.resolved_at >= $1 AND p.resolved_at < $2)::int AS resolved,
              count(*) FILTER (WHERE p.status = 'known_error' AND p.known_error_at < $3)::int AS "openKnownErrors"
         FROM problem p
        WHERE (p.created_at < $2 OR p.resolved_at < $2 OR p.status = 'known_error') ${scope}`,
      params,
    );
    return row!;
  }

  /**
   * Security incidents reported in the window: counts by severity and by phase, and how many
   * acknowledgements were decided (met or missed) and met. Counts only: the incidents themselves
   * are confidential. Null while the incidents table is absent (a database not yet migrated).
   */
  async incidentCounts(w: ReportWindow): Promise<IncidentCounts | null> {
    if (this.incidentTable === undefined) {
      const row = await sqlRow<{ ok: boolean }>(
        this.dataSource,
        `SELECT to_regclass('public.security_incident') IS NOT NULL AS ok`,
      );
      this.incidentTable = row?.ok ? 'security_incident' : null;
      // Keep looking while absent: the feature may be migrated while this process runs.
      if (!this.incidentTable) setTimeout(() => (this.incidentTable = undefined), 60_000).unref();
    }
    if (!this.incidentTable) return null;
    const params: unknown[] = [w.start, w.end, w.asOf];
    const unit = w.scope.unitId ? `AND i.unit_id = $${params.push(w.scope.unitId)}::uuid` : '';
    const rows = await sqlRows<{
      severity: string | null;
      phase: string | null;
      n: number;
      decided: number;
      met: number;
    }>(
      this.dataSource,
      `SELECT i.severity, i.phase, count(*)::int AS n,
                count(*) FILTER (WHERE i.acknowledged_at IS NOT NULL OR i.ack_breached_at IS NOT NULL
                                   OR i.ack_due_at <= $3)::int AS decided,
                count(*) FILTER (WHERE i.acknowledged_at IS NOT NULL AND i.acknowledged_at <= i.ack_due_at)::int AS met
           FROM security_incident i
          WHERE i.created_at >= $1 AND i.created_at < $2 ${unit}
          GROUP BY GROUPING SETS ((i.severity), (i.phase))`,
      params,
    );
    const out: IncidentCounts = { bySeverity: {}, byPhase: {}, ackDecided: 0, ackMet: 0 };
    for (const r of rows) {
      if (r.severity) {
        out.bySeverity[r.severity] = r.n;
        out.ackDecided += r.decided;
        out.ackMet += r.met;
      } else if (r.phase) out.byPhase[r.phase] = r.n;
    }
    return out;
  }

  /** The incidents themselves, for a CSIRT reader only (the caller checks). */
  async incidentItems(w: ReportWindow): Promise<ReportIncidentItem[]> {
    const params: unknown[] = [w.start, w.end];
    const unit = w.scope.unitId ? `AND i.unit_id = $${params.push(w.scope.unitId)}::uuid` : '';
    const rows = await sqlRows<ReportIncidentItem & { reportedAt: Date }>(
      this.dataSource,
      `SELECT i.id, i.number, i.severity, i.phase, i.tlp, i.created_at AS "reportedAt",
              CASE WHEN i.acknowledged_at IS NOT NULL THEN i.acknowledged_at <= i.ack_due_at
                   WHEN i.ack_breached_at IS NOT NULL THEN false END AS "ackMet"
         FROM security_incident i
        WHERE i.created_at >= $1 AND i.created_at < $2 ${unit}
        ORDER BY i.created_at LIMIT 500`,
      params,
    );
    return rows.map((r) => ({
      ...r,
      reportedAt: new Date(r.reportedAt).toISOString(),
    }));
  }
}
