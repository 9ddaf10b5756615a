import { DomainError, ErrorCode, FieldError } from '@desk/common';
import type { ChangePatch, ChangeRow } from './change.repository';
import { ApprovalStatus, ChangePhase, ChangeType } from './entities/change-request.entity';

/** Edits of links (tickets, problems, incidents) do not touch what was approved. */
export const LINK_FIELDS: ReadonlySet<string> = new Set(['tickets', 'problems', 'incidents']);

/**
 * Whether an edit voids an approval, and how: an approved change whose substance (any field but its
 * links) changed goes back for approval. A normal or standard change returns from `development` to
 * `approval`; an emergency change keeps its phase (it may go ahead) but needs approval again before
 * evaluation. A standard change made from a template was never approved by itself and keeps going.
 */
export function voidsApproval(
  row: Pick<ChangeRow, 'approvalStatus' | 'type' | 'phase'>,
  changed: string[],
): { phase: ChangePhase; set: (now: Date) => ChangePatch } | null {
  if (row.approvalStatus !== ApprovalStatus.Approved) return null;
  if (!changed.some((f) => !LINK_FIELDS.has(f))) return null;
  const phase =
    row.type === ChangeType.Emergency || row.phase !== ChangePhase.Development
      ? row.phase
      : ChangePhase.Approval;
  return {
    phase,
    set: (now) => ({
      phase,
      approvalStatus: ApprovalStatus.Pending,
      approvalRequestedAt: now,
      decidedById: null,
      decisionReason: null,
      decidedAt: null,
    }),
  };
}

/** The facts of a change after an edit's patch, for its mail. */
export function editedFacts(set: ChangePatch): Partial<ChangeRow> {
  const facts: Partial<ChangeRow> = {};
  if (set.title !== undefined) facts.title = set.title;
  if (set.risk !== undefined) facts.risk = set.risk;
  if (set.systems !== undefined) facts.systems = set.systems;
  if (set.plannedStart !== undefined) facts.plannedStart = set.plannedStart;
  if (set.plannedEnd !== undefined) facts.plannedEnd = set.plannedEnd;
  return facts;
}

export function invalid(errors: FieldError[]): DomainError {
  return new DomainError(ErrorCode.Validation, errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    errors,
  });
}

export const unique = <T>(values: T[]): T[] => [...new Set(values)];
export const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((v) => b.includes(v));
export const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/** Sets one column of a patch, typed by that column. */
export function put<K extends keyof ChangePatch>(set: ChangePatch, key: K, value: ChangePatch[K]): void {
  set[key] = value;
}
