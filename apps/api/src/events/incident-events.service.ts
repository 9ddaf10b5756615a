import { AppConfig } from '@desk/config';
import { canWatchAllIncidents, IncidentService } from '@desk/incidents';
import { AuthService, SessionRevocations } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { RecordStreamService } from './record-stream.service';

/**
 * The live CSIRT workspace (`GET /events/incidents`): CSIRT users and supervisors see every incident
 * and are the only ones who may listen (404 for anyone else, admins included).
 */
@Injectable()
export class IncidentEventsService extends RecordStreamService {
  constructor(
    config: AppConfig,
    auth: AuthService,
    incidents: IncidentService,
    revocations: SessionRevocations,
  ) {
    super(
      {
        kind: 'incident',
        idKey: 'incidentId',
        label: 'Incident stream',
        canOpen: canWatchAllIncidents,
        seesAll: canWatchAllIncidents,
        visible: async (_actor, ids) => new Set(ids),
        backlog: async (actor, after) =>
          (await incidents.liveBacklog(actor, after)).map((e) => ({
            eventId: e.eventId,
            type: e.type,
            recordId: e.incidentId,
          })),
      },
      config,
      auth,
      revocations,
    );
  }
}
