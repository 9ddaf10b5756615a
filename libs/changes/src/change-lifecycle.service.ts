import { DomainError } from '@desk/common';
import type { Change } from '@desk/contracts';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { ChangeAccess } from './change-access';
import { ChangeMailer } from './change-mailer';
import { awaitsDecision, nextPhases, SCHEDULED_PHASES } from './change-phases';
import { ChangeQueryService } from './change-query.service';
import { ChangePatch, ChangeRepository } from './change.repository';
import { ChangeErrors } from './changes.errors';
import { ChangePhaseDto } from './dto/change.dto';
import { ApprovalStatus, ChangePhase, ChangeType } from './entities/change-request.entity';

/**
 * The phase machine of a change with its approval decision and closing review. Each step is one
 * transaction that records the timeline, the mail it sends (once per step) and the notice timer.
 */
@Injectable()
export class ChangeLifecycleService {
  constructor(
    private readonly repo: ChangeRepository,
    private readonly access: ChangeAccess,
    private readonly mailer: ChangeMailer,
    private readonly query: ChangeQueryService,
  ) {}

  /**
   * Moves a change to another phase, recording on the way a supervisor's approval decision and the
   * closing review. Checks in order: visible (404), may act (403), version (409), the move (409 naming
   * the current phase), then what the move needs (approval: 400 or 403; review: 400).
   */
  async movePhase(actor: Actor, id: string, dto: ChangePhaseDto): Promise<Change> {
    const deciding = !!dto.approval;
    await this.access.work(
      actor,
      id,
      dto.version,
      async (em, row, now) => {
        const from = row.phase;
        const to = dto.phase;
        const allowed = nextPhases(row);
        const recordOnly = to === from && !!dto.approval && awaitsDecision(row);
        if (!recordOnly && !allowed.includes(to)) throw ChangeErrors.skip(from, to, allowed);

        const set: ChangePatch = {};
        let approvalStatus = row.approvalStatus;
        // The decision: given with the move, by a supervisor, while one is pending.
        const needsDecision =
          (from === ChangePhase.Approval && to !== ChangePhase.Cancelled) || to === ChangePhase.Rejected;
        if (needsDecision && !dto.approval) {
          if (!hasRole(actor, Role.Supervisor)) throw ChangeErrors.onlySupervisorDecides();
          throw DomainError.invalidField(
            'approval',
            'approval {decision, reason} is required to leave approval or reject',
          );
        }
        if (dto.approval) {
          if (!hasRole(actor, Role.Supervisor)) throw ChangeErrors.onlySupervisorDecides();
          if (!awaitsDecision(row)) throw ChangeErrors.noDecisionPending(from);
          const rejected = dto.approval.decision === 'rejected';
          if (rejected !== (to === ChangePhase.Rejected))
            throw DomainError.invalidField(
              'approval.decision',
              rejected
                ? 'a rejection moves the change to rejected'
                : 'an approval cannot move the change to rejected',
            );
          approvalStatus = rejected ? ApprovalStatus.Rejected : ApprovalStatus.Approved;
          Object.assign(set, {
            approvalStatus,
            decidedById: actor.id,
            decisionReason: dto.approval.reason,
            decidedAt: now,
          } satisfies ChangePatch);
        }
        // An emergency change is approved before its evaluation.
        if (
          to === ChangePhase.Evaluation &&
          approvalStatus !== ApprovalStatus.Approved &&
          approvalStatus !== ApprovalStatus.NotRequired
        )
          throw ChangeErrors.needsApproval(from);
        if (to === ChangePhase.Closed) {
          if (!dto.review)
            throw DomainError.invalidField(
              'review',
              'review {successful, incidentsCaused, lessons} is required to close',
            );
          set.review = {
            successful: dto.review.successful,
            incidentsCaused: dto.review.incidentsCaused,
            lessons: dto.review.lessons,
          };
          set.closedAt = now;
        }
        // Asking for approval: at the approval phase, or when an emergency change goes ahead without it.
        const requestsApproval =
          approvalStatus === ApprovalStatus.None &&
          (to === ChangePhase.Approval ||
            (row.type === ChangeType.Emergency &&
              (to === ChangePhase.Development || to === ChangePhase.Implementation)));
        if (requestsApproval) {
          approvalStatus = ApprovalStatus.Pending;
          set.approvalStatus = approvalStatus;
          set.approvalRequestedAt = now;
        }
        if (to === ChangePhase.Implementation) set.implementedAt = now;
        if (!recordOnly) set.phase = to;
        await this.repo.update(em, id, set, now);

        const changeFacts = { ...row, phase: to };
        if (dto.approval) {
          const eventId = await this.repo.addEvent(
            em,
            {
              changeId: id,
              actorId: actor.id,
              type: dto.approval.decision,
              fromPhase: from,
              toPhase: to,
              note: dto.approval.reason,
            },
            now,
          );
          await this.mailer.send(
            em,
            'decided',
            changeFacts,
            eventId,
            [{ kind: 'users', ids: [row.requesterId, row.createdById] }],
            actor,
            {
              approved: dto.approval.decision === 'approved',
              reason: dto.approval.reason,
              by: actor.name,
            },
          );
        }
        if (!recordOnly) {
          await this.repo.addEvent(
            em,
            {
              changeId: id,
              actorId: actor.id,
              type: 'phase',
              fromPhase: from,
              toPhase: to,
              note: dto.note,
              data: to === ChangePhase.Closed ? { review: set.review } : {},
            },
            now,
          );
        }
        if (requestsApproval) {
          const eventId = await this.repo.addEvent(
            em,
            { changeId: id, actorId: actor.id, type: 'approval-requested', fromPhase: from, toPhase: to },
            now,
          );
          await this.mailer.send(
            em,
            'approval-requested',
            changeFacts,
            eventId,
            [{ kind: 'role', role: 'supervisor' }],
            actor,
          );
        }
        if (!recordOnly && SCHEDULED_PHASES.includes(to) && !SCHEDULED_PHASES.includes(from))
          await this.mailer.armWindow(em, id);
      },
      deciding,
    );
    return this.query.get(actor, id);
  }
}
