import { Clock, DomainError } from '@desk/common';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { AttachmentStorage, UploadedFile } from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { IncidentQueryService } from './incident-query.service';
import { IncidentRepository } from './incident.repository';
import { IncidentEvents, IncidentPhase } from './incident.types';
import { IncidentErrors } from './incidents.errors';

/**
 * Evidence files of an incident: the ticket attachments' upload rules (size, name, allowed type,
 * bytes that match it), the SHA-256 recorded, and never a file on disk without its row.
 */
@Injectable()
export class IncidentEvidenceService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly query: IncidentQueryService,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly storage: AttachmentStorage,
    private readonly clock: Clock,
  ) {}

  /** The reporter or CSIRT adds a file while the incident is open. */
  async addEvidence(actor: Actor, id: string, file: UploadedFile): Promise<void> {
    const incident = await this.query.visibleOrThrow(actor, id);
    if (!hasRole(actor, Role.Csirt) && incident.reporterId !== actor.id)
      throw IncidentErrors.notAllowed('add evidence');
    if (incident.phase === IncidentPhase.Closed) throw IncidentErrors.closed('add evidence to');
    await this.storage.saveUpload(file, (upload) =>
      this.tx.run(async (em) => {
        const i = await this.repo.lock(em, id);
        if (i.phase === IncidentPhase.Closed) throw IncidentErrors.closed('add evidence to');
        const now = this.clock.now();
        await this.repo.addEvidence(em, { ...upload, incidentId: id, uploaderId: actor.id, at: now });
        await this.repo.update(em, id, {}, now);
        await this.repo.addEvent(em, {
          incidentId: id,
          actorId: actor.id,
          action: 'evidence_added',
          note: upload.fileName,
          data: { evidenceId: upload.id, sha256: upload.sha256, sizeBytes: upload.sizeBytes },
          at: now,
        });
        await this.outbox.add(em, [
          {
            type: IncidentEvents.Updated,
            aggregateType: 'incident',
            aggregateId: id,
            payload: { action: 'evidence_added', actorId: actor.id },
          },
        ]);
      }),
    );
  }

  async openEvidence(actor: Actor, id: string, evidenceId: string) {
    await this.query.visibleOrThrow(actor, id);
    const e = (await this.repo.evidence(id)).find((x) => x.id === evidenceId);
    if (!e) throw DomainError.notFound('Evidence');
    return { ...e, stream: this.storage.open(e.storageKey) };
  }
}
