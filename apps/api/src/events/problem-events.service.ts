import { AppConfig } from '@desk/config';
import { AuthService, SessionRevocations } from '@desk/org-auth';
import { ProblemService, seesProblems, worksProblems } from '@desk/problems';
import { Injectable } from '@nestjs/common';
import { RecordStreamService } from './record-stream.service';

/**
 * Live problems (`GET /events/problems`): Tier 2 and supervisors get every problem's events, the
 * Tier 1 technicians and head of a PD those of problems linked to a ticket of their PD; everyone else
 * gets 404.
 */
@Injectable()
export class ProblemEventsService extends RecordStreamService {
  constructor(
    config: AppConfig,
    auth: AuthService,
    problems: ProblemService,
    revocations: SessionRevocations,
  ) {
    super(
      {
        kind: 'problem',
        idKey: 'id',
        label: 'Problem stream',
        canOpen: seesProblems,
        seesAll: worksProblems,
        visible: (actor, ids) => problems.liveVisible(actor, ids),
        backlog: (actor, after) => problems.liveBacklog(actor, after),
      },
      config,
      auth,
      revocations,
    );
  }
}
