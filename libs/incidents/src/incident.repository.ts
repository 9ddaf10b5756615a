import { Actor } from '@desk/org-auth';
import { sqlExecute, sqlRow, sqlRows, updateVersioned } from '@desk/database';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SecurityIncident } from './entities/security-incident.entity';
import { incidentScopeSql } from './incident-scope';
import {
  AckBreachRow,
  AckTimerRow,
  EvidenceRow,
  IncidentEventRow,
  IncidentPatch,
  IncidentRow,
  IndicatorRow,
  NewIncident,
} from './incident.rows';

const SELECT = `
  SELECT i.id, i.number, i.reporter_id AS "reporterId", r.name AS "reporterName", i.unit_id AS "unitId",
         u.name AS "unitName", i.title, i.description, i.category, i.severity,
         i.affected_systems AS "affectedSystems", i.detected_at AS "detectedAt", i.data_secured AS "dataSecured",
         i.containment_actions AS "containmentActions", i.phase, i.assignee_id AS "assigneeId",
         a.name AS "assigneeName", i.tlp, i.bssn_reference AS "bssnReference",
         i.bssn_reported_at AS "bssnReportedAt", i.lessons_learned AS "lessonsLearned",
         i.linked_ticket_id AS "linkedTicketId", t.number AS "linkedTicketNumber", i.ack_due_at AS "ackDueAt",
         i.acknowledged_at AS "acknowledgedAt", i.ack_breached_at AS "ackBreachedAt",
         i.ack_revision AS "ackRevision", i.closed_at AS "closedAt", i.version,
         i.created_at AS "createdAt", i.updated_at AS "updatedAt"
    FROM security_incident i
    JOIN app_user r ON r.id = i.reporter_id
    JOIN unit u ON u.id = i.unit_id
    LEFT JOIN app_user a ON a.id = i.assignee_id
    LEFT JOIN ticket t ON t.id = i.linked_ticket_id`;

@Injectable()
export class IncidentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private q(em?: EntityManager) {
    return em ?? this.dataSource.manager;
  }

  /** The next number of the year, `INS-2026-0001`: a sequence per year, like the ticket numbers. */
  async nextNumber(em: EntityManager, year: number): Promise<string> {
    const row = await sqlRow<{ number: string }>(
      em,
      `SELECT 'INS-' || $1::int || '-' || lpad(next_incident_number($1::int)::text, 4, '0') AS number`,
      [year],
    );
    return row!.number;
  }

  async insert(em: EntityManager, n: NewIncident): Promise<{ id: string; number: string }> {
    const row = await sqlRow<{ id: string; number: string }>(
      em,
      `INSERT INTO security_incident (number, reporter_id, unit_id, title, description, category, severity,
         affected_systems, detected_at, data_secured, containment_actions, linked_ticket_id, ack_due_at,
         created_at, updated_at)
       VALUES ($13, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $14, $14)
       RETURNING id, number`,
      [
        n.reporterId,
        n.unitId,
        n.title,
        n.description,
        n.category,
        n.severity,
        n.affectedSystems,
        n.detectedAt,
        n.dataSecured,
        n.containmentActions,
        n.linkedTicketId,
        n.ackDueAt,
        n.number,
        n.now,
      ],
    );
    return row!;
  }

  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<IncidentRow | null> {
    const params: unknown[] = [id];
    const scope = incidentScopeSql(actor, params);
    return sqlRow<IncidentRow>(this.q(em), `${SELECT} WHERE i.id = $1 AND ${scope}`, params);
  }

  async get(id: string, em?: EntityManager): Promise<IncidentRow | null> {
    return sqlRow<IncidentRow>(this.q(em), `${SELECT} WHERE i.id = $1`, [id]);
  }

  /** Locks the row for a change; the caller checked visibility first. */
  async lock(em: EntityManager, id: string): Promise<IncidentRow> {
    await sqlExecute(em, `SELECT 1 FROM security_incident WHERE id = $1 FOR UPDATE`, [id]);
    return (await this.get(id, em))!;
  }

  async list(
    actor: Actor,
    f: { phase?: string; severity?: string; mine?: boolean; sort: 'ack' | 'created'; limit: number },
  ): Promise<IncidentRow[]> {
    const params: unknown[] = [];
    const where = [incidentScopeSql(actor, params)];
    if (f.phase) where.push(`i.phase = $${params.push(f.phase)}`);
    if (f.severity) where.push(`i.severity = $${params.push(f.severity)}`);
    if (f.mine) where.push(`i.reporter_id = $${params.push(actor.id)}`);
    // Acknowledgement due first: unacknowledged incidents by due time, then the rest newest first.
    const order =
      f.sort === 'ack'
        ? `(i.acknowledged_at IS NULL AND i.phase <> 'closed') DESC,
           CASE WHEN i.acknowledged_at IS NULL THEN i.ack_due_at END ASC, i.created_at DESC, i.id`
        : 'i.created_at DESC, i.id';
    return sqlRows<IncidentRow>(
      this.dataSource,
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.push(f.limit)}`,
      params,
    );
  }

  /** Writes the patch's columns, bumps the version (an empty patch only bumps it). */
  async update(em: EntityManager, id: string, patch: IncidentPatch, now: Date): Promise<void> {
    await updateVersioned(em, SecurityIncident, id, patch, now);
  }

  async addEvent(
    em: EntityManager,
    e: {
      incidentId: string;
      actorId: string | null;
      action: string;
      note?: string | null;
      data?: object;
      at: Date;
    },
  ): Promise<void> {
    await sqlExecute(
      em,
      `INSERT INTO security_incident_event (incident_id, actor_id, action, note, data, created_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [e.incidentId, e.actorId, e.action, e.note ?? null, JSON.stringify(e.data ?? {}), e.at],
    );
  }

  /** A text field of the data of the incident's first timeline line with `action`, if any. */
  async firstEventData(em: EntityManager, id: string, action: string, key: string): Promise<string | null> {
    const row = await sqlRow<{ value: string | null }>(
      em,
      `SELECT data->>$3 AS value FROM security_incident_event
        WHERE incident_id = $1 AND action = $2 ORDER BY created_at LIMIT 1`,
      [id, action, key],
    );
    return row?.value ?? null;
  }

  timeline(id: string): Promise<IncidentEventRow[]> {
    return sqlRows<IncidentEventRow>(
      this.dataSource,
      `SELECT e.id, e.action, e.note, e.data, e.created_at AS "createdAt", e.actor_id AS "actorId",
              a.name AS "actorName"
         FROM security_incident_event e LEFT JOIN app_user a ON a.id = e.actor_id
        WHERE e.incident_id = $1 ORDER BY e.created_at, e.id`,
      [id],
    );
  }

  indicators(id: string): Promise<IndicatorRow[]> {
    return sqlRows<IndicatorRow>(
      this.dataSource,
      `SELECT id, type, value, created_at AS "createdAt" FROM security_incident_indicator
        WHERE incident_id = $1 ORDER BY created_at, id`,
      [id],
    );
  }

  /** Inserts an indicator; null when the incident already has it. */
  async addIndicator(
    em: EntityManager,
    i: { incidentId: string; type: string; value: string; createdById: string; at: Date },
  ): Promise<{ id: string } | null> {
    return sqlRow<{ id: string }>(
      em,
      `INSERT INTO security_incident_indicator (incident_id, type, value, created_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (incident_id, type, value) DO NOTHING RETURNING id`,
      [i.incidentId, i.type, i.value, i.createdById, i.at],
    );
  }

  async removeIndicator(
    em: EntityManager,
    incidentId: string,
    indicatorId: string,
  ): Promise<{ type: string; value: string } | null> {
    return sqlRow<{ type: string; value: string }>(
      em,
      `DELETE FROM security_incident_indicator WHERE incident_id = $1 AND id = $2 RETURNING type, value`,
      [incidentId, indicatorId],
    );
  }

  evidence(id: string): Promise<EvidenceRow[]> {
    return sqlRows<EvidenceRow>(
      this.dataSource,
      `SELECT e.id, e.file_name AS "fileName", e.content_type AS "contentType", e.size_bytes AS "sizeBytes",
              e.sha256, e.storage_key AS "storageKey", e.created_at AS "createdAt",
              e.uploader_id AS "uploaderId", u.name AS "uploaderName"
         FROM security_incident_evidence e JOIN app_user u ON u.id = e.uploader_id
        WHERE e.incident_id = $1 ORDER BY e.created_at, e.id`,
      [id],
    );
  }

  async addEvidence(
    em: EntityManager,
    e: {
      id: string;
      incidentId: string;
      uploaderId: string;
      fileName: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
      storageKey: string;
      at: Date;
    },
  ): Promise<void> {
    await sqlExecute(
      em,
      `INSERT INTO security_incident_evidence (id, incident_id, uploader_id, file_name, content_type, size_bytes,
         sha256, storage_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        e.id,
        e.incidentId,
        e.uploaderId,
        e.fileName,
        e.contentType,
        e.sizeBytes,
        e.sha256,
        e.storageKey,
        e.at,
      ],
    );
  }

  /** Outbox events of incidents after one id (the live stream's replay), oldest first. */
  eventsAfter(
    afterEventId: string,
    since: Date,
    limit: number,
  ): Promise<{ eventId: string; type: string; incidentId: string }[]> {
    return sqlRows<{ eventId: string; type: string; incidentId: string }>(
      this.dataSource,
      `SELECT id::text AS "eventId", type, aggregate_id AS "incidentId" FROM outbox_event
        WHERE aggregate_type = 'incident' AND id > $1::bigint AND created_at >= $2
        ORDER BY id LIMIT $3`,
      [afterEventId, since, limit],
    );
  }

  // --- acknowledgement clock -------------------------------------------------------------------

  async ackTimer(id: string): Promise<AckTimerRow | null> {
    return sqlRow<AckTimerRow>(
      this.dataSource,
      `SELECT id, ack_due_at AS "ackDueAt", ack_revision AS "ackRevision" FROM security_incident
        WHERE id = $1 AND acknowledged_at IS NULL AND ack_breached_at IS NULL AND phase <> 'closed'`,
      [id],
    );
  }

  /** Running clocks due before `to`, for the reconciliation. */
  ackTimersDueBefore(to: Date, limit: number): Promise<AckTimerRow[]> {
    return sqlRows<AckTimerRow>(
      this.dataSource,
      `SELECT id, ack_due_at AS "ackDueAt", ack_revision AS "ackRevision" FROM security_incident
        WHERE acknowledged_at IS NULL AND ack_breached_at IS NULL AND phase <> 'closed' AND ack_due_at < $1
        ORDER BY ack_due_at LIMIT $2`,
      [to, limit],
    );
  }

  /**
   * Records the breach once: only a running clock of this revision that is due flips. Zero rows
   * means another job, worker or reconciliation pass got there first, or the clock moved on.
   */
  async recordAckBreach(
    em: EntityManager,
    id: string,
    revision: number,
    now: Date,
  ): Promise<AckBreachRow | null> {
    return sqlRow<AckBreachRow>(
      em,
      `UPDATE security_incident SET ack_breached_at = $3
        WHERE id = $1 AND ack_revision = $2 AND acknowledged_at IS NULL AND ack_breached_at IS NULL
          AND phase <> 'closed' AND ack_due_at <= $3
        RETURNING number, severity, tlp, ack_due_at AS "ackDueAt", unit_id AS "unitId"`,
      [id, revision, now],
    );
  }
}
