import { Clock, SystemClock } from '@desk/common';
import { OrgAuthModule } from '@desk/org-auth';
import { SlaModule } from '@desk/sla';
import { AttachmentStorage, TicketsModule } from '@desk/tickets';
import { Module } from '@nestjs/common';
import { EvidencePackService } from './evidence-pack.service';
import { IncidentAckTimerService } from './incident-ack-timer.service';
import { IncidentRepository } from './incident.repository';
import { IncidentService } from './incident.service';

/** Security incidents: api and worker import it (the worker for the acknowledgement timers). */
@Module({
  imports: [OrgAuthModule, TicketsModule, SlaModule],
  providers: [
    IncidentRepository,
    IncidentService,
    IncidentAckTimerService,
    EvidencePackService,
    AttachmentStorage,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [IncidentService, IncidentAckTimerService, EvidencePackService],
})
export class IncidentsModule {}
