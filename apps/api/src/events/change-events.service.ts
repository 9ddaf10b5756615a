import { ChangeService } from '@desk/changes';
import { AppConfig } from '@desk/config';
import { AuthService, hasRole, Role, SessionRevocations } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { RecordStreamService } from './record-stream.service';

/**
 * Live changes (`GET /events/changes`). Anyone may listen, as anyone may list the changes they
 * requested; each event goes only to those who see that change (Tier 2 and supervisors every
 * change, the owning PD's Tier 1 and head its changes, the requester their own).
 */
@Injectable()
export class ChangeEventsService extends RecordStreamService {
  constructor(config: AppConfig, auth: AuthService, changes: ChangeService, revocations: SessionRevocations) {
    super(
      {
        kind: 'change',
        idKey: 'id',
        label: 'Change stream',
        canOpen: () => true,
        seesAll: (actor) => hasRole(actor, Role.Supervisor, Role.Tier2),
        visible: (actor, ids) => changes.liveVisible(actor, ids),
        backlog: (actor, after) => changes.liveBacklog(actor, after),
      },
      config,
      auth,
      revocations,
    );
  }
}
