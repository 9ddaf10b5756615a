import { KnowledgeModule } from '@desk/knowledge';
import { OrgAuthModule } from '@desk/org-auth';
import { SlaModule } from '@desk/sla';
import { AttachmentStorage, TicketsModule } from '@desk/tickets';
import { Module } from '@nestjs/common';
import { EvidencePackService } from './evidence-pack.service';
import { IncidentAckClock } from './incident-ack-clock';
import { IncidentAckTimerService } from './incident-ack-timer.service';
import { IncidentEvidenceService } from './incident-evidence.service';
import { IncidentFilingService } from './incident-filing.service';
import { IncidentKbDraftService } from './incident-kb-draft.service';
import { IncidentQueryService } from './incident-query.service';
import { IncidentTriageService } from './incident-triage.service';
import { IncidentRepository } from './incident.repository';
import { IncidentService } from './incident.service';

/**
 * Security incidents: api and worker import it (the worker for the acknowledgement timers). It sits
 * above the knowledge base (lessons-learned drafts); knowledge never imports incidents.
 */
@Module({
  imports: [OrgAuthModule, TicketsModule, SlaModule, KnowledgeModule],
  providers: [
    IncidentRepository,
    IncidentAckClock,
    IncidentQueryService,
    IncidentFilingService,
    IncidentTriageService,
    IncidentEvidenceService,
    IncidentService,
    IncidentAckTimerService,
    IncidentKbDraftService,
    EvidencePackService,
    AttachmentStorage,
  ],
  exports: [IncidentService, IncidentAckTimerService, IncidentKbDraftService, EvidencePackService],
})
export class IncidentsModule {}
