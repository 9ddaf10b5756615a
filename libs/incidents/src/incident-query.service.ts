import { Clock } from '@desk/common';
import { liveReplaySince } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListIncidentsQuery } from './dto/incident.dto';
import { IncidentDetailView, IncidentPage, IncidentTimelineEntry } from './dto/incident.view';
import { canWatchAllIncidents, indicatorView, iso, toView } from './incident-view';
import { IncidentRepository } from './incident.repository';
import { IncidentRow } from './incident.rows';
import { IncidentErrors } from './incidents.errors';

/**
 * The confidential reads of incidents: the list, one incident with its indicators and evidence, its
 * timeline and the live stream's backlog. Every read goes through the repository's scope (reporter,
 * CSIRT, supervisors); anything else answers 404 as if the incident did not exist.
 */
@Injectable()
export class IncidentQueryService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: ListIncidentsQuery): Promise<IncidentPage> {
    const rows = await this.repo.list(actor, {
      phase: query.phase,
      severity: query.severity,
      mine: query.reporter === 'mine',
      sort: query.sort ?? 'ack',
      limit: Math.min(query.limit ?? 50, 200),
    });
    return { items: rows.map(toView) };
  }

  async get(actor: Actor, id: string): Promise<IncidentDetailView> {
    const row = await this.visibleOrThrow(actor, id);
    const [indicators, evidence] = await Promise.all([this.repo.indicators(id), this.repo.evidence(id)]);
    return {
      ...toView(row),
      indicators: indicators.map(indicatorView),
      evidence: evidence.map((e) => ({
        id: e.id,
        fileName: e.fileName,
        contentType: e.contentType,
        sizeBytes: e.sizeBytes,
        sha256: e.sha256,
        uploader: { id: e.uploaderId, name: e.uploaderName },
        createdAt: iso(e.createdAt)!,
      })),
    };
  }

  async timeline(actor: Actor, id: string): Promise<IncidentTimelineEntry[]> {
    await this.visibleOrThrow(actor, id);
    return (await this.repo.timeline(id)).map((e) => ({
      id: e.id,
      action: e.action,
      note: e.note,
      data: e.data,
      actor: e.actorId ? { id: e.actorId, name: e.actorName ?? '' } : null,
      createdAt: iso(e.createdAt)!,
    }));
  }

  /**
   * The incident events after outbox id `afterEventId`, oldest first, for a live stream that
   * reconnects: only CSIRT users and supervisors watch every incident (anyone else: 404, as for an
   * incident they cannot see). At most `limit`; older than a day is left to the page's own reload.
   */
  async liveBacklog(
    actor: Actor,
    afterEventId: string,
    limit = 500,
  ): Promise<{ eventId: string; type: string; incidentId: string }[]> {
    if (!canWatchAllIncidents(actor)) throw IncidentErrors.notFound();
    return this.repo.eventsAfter(afterEventId, liveReplaySince(this.clock.now()), limit);
  }

  /** The incident if the actor may read it; 404 otherwise. */
  async visibleOrThrow(actor: Actor, id: string, em?: EntityManager): Promise<IncidentRow> {
    const row = await this.repo.findVisible(actor, id, em);
    if (!row) throw IncidentErrors.notFound();
    return row;
  }
}
