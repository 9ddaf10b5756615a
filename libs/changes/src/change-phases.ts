import { ApprovalStatus, ChangePhase, ChangeType } from './entities/change-request.entity';

/** The SPBE order of phases (Pasal 26 ayat 2), ending in `closed`. */
export const PHASE_ORDER: readonly ChangePhase[] = [
  ChangePhase.Planning,
  ChangePhase.Analysis,
  ChangePhase.Approval,
  ChangePhase.Development,
  ChangePhase.Implementation,
  ChangePhase.Monitoring,
  ChangePhase.Evaluation,
  ChangePhase.Closed,
];

export const TERMINAL_PHASES: ReadonlySet<ChangePhase> = new Set([
  ChangePhase.Closed,
  ChangePhase.Rejected,
  ChangePhase.Cancelled,
]);

/** Phases in which the window is committed: the affected desks are told before it. */
export const SCHEDULED_PHASES: readonly ChangePhase[] = [ChangePhase.Development, ChangePhase.Implementation];

/** Phases in which the change may still be edited. */
export const EDITABLE_PHASES: ReadonlySet<ChangePhase> = new Set([
  ChangePhase.Planning,
  ChangePhase.Analysis,
  ChangePhase.Development,
]);

/** A change may be cancelled until its implementation starts. */
const CANCELLABLE: ReadonlySet<ChangePhase> = new Set([
  ChangePhase.Planning,
  ChangePhase.Analysis,
  ChangePhase.Approval,
  ChangePhase.Development,
]);

export interface PhaseState {
  phase: ChangePhase;
  type: ChangeType;
  approvalStatus: ApprovalStatus;
}

/**
 * The phases a change may move to from where it is, by the rules of its type:
 * - every change follows the order one step at a time, and may be cancelled before implementation;
 * - a standard change made from an approved template goes from analysis straight to development;
 * - an emergency change may go from planning or analysis straight to development or implementation
 *   (approval follows later, and is needed before evaluation);
 * - `rejected` follows a supervisor's rejection: at `approval`, or for an emergency change whose
 *   approval is still pending.
 */
export function nextPhases(s: PhaseState): ChangePhase[] {
  if (TERMINAL_PHASES.has(s.phase)) return [];
  const i = PHASE_ORDER.indexOf(s.phase);
  const next = new Set<ChangePhase>();
  const following = PHASE_ORDER[i + 1];
  const skipsApproval = s.approvalStatus === ApprovalStatus.NotRequired;
  if (!(s.phase === ChangePhase.Analysis && skipsApproval)) next.add(following);
  if (s.phase === ChangePhase.Analysis && skipsApproval) next.add(ChangePhase.Development);
  if (
    s.type === ChangeType.Emergency &&
    (s.phase === ChangePhase.Planning || s.phase === ChangePhase.Analysis)
  ) {
    next.add(ChangePhase.Analysis);
    next.add(ChangePhase.Approval);
    next.add(ChangePhase.Development);
    next.add(ChangePhase.Implementation);
    next.delete(s.phase);
  }
  if (s.phase === ChangePhase.Planning && skipsApproval) next.delete(ChangePhase.Approval);
  if (
    s.phase === ChangePhase.Approval ||
    (s.type === ChangeType.Emergency && s.approvalStatus === ApprovalStatus.Pending)
  )
    next.add(ChangePhase.Rejected);
  if (CANCELLABLE.has(s.phase)) next.add(ChangePhase.Cancelled);
  return [...next];
}

/** Whether a supervisor may record an approval decision now. */
export const awaitsDecision = (s: PhaseState): boolean => s.approvalStatus === ApprovalStatus.Pending;
