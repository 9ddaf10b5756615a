import { nextPhases } from './change-phases';
import { ApprovalStatus, ChangePhase as P, ChangeType } from './entities/change-request.entity';

describe('nextPhases', () => {
  const normal = (phase: P, approvalStatus = ApprovalStatus.None) =>
    nextPhases({ phase, type: ChangeType.Normal, approvalStatus }).sort();

  it('should move a normal change one phase at a time, cancellable until implementation', () => {
    expect(normal(P.Planning)).toEqual([P.Analysis, P.Cancelled].sort());
    expect(normal(P.Analysis)).toEqual([P.Approval, P.Cancelled].sort());
    expect(normal(P.Approval, ApprovalStatus.Pending)).toEqual(
      [P.Cancelled, P.Development, P.Rejected].sort(),
    );
    expect(normal(P.Development, ApprovalStatus.Approved)).toEqual([P.Cancelled, P.Implementation].sort());
    expect(normal(P.Implementation, ApprovalStatus.Approved)).toEqual([P.Monitoring]);
    expect(normal(P.Evaluation, ApprovalStatus.Approved)).toEqual([P.Closed]);
    for (const end of [P.Closed, P.Rejected, P.Cancelled]) expect(normal(end)).toEqual([]);
  });

  it('should let a standard change from a template skip approval', () => {
    expect(
      nextPhases({
        phase: P.Analysis,
        type: ChangeType.Standard,
        approvalStatus: ApprovalStatus.NotRequired,
      }).sort(),
    ).toEqual([P.Cancelled, P.Development].sort());
  });

  it('should let an emergency change go ahead of approval and be rejected while pending', () => {
    expect(
      nextPhases({
        phase: P.Planning,
        type: ChangeType.Emergency,
        approvalStatus: ApprovalStatus.None,
      }).sort(),
    ).toEqual([P.Analysis, P.Approval, P.Cancelled, P.Development, P.Implementation].sort());
    expect(
      nextPhases({
        phase: P.Monitoring,
        type: ChangeType.Emergency,
        approvalStatus: ApprovalStatus.Pending,
      }).sort(),
    ).toEqual([P.Evaluation, P.Rejected].sort());
  });
});
