import { Clock, FieldError } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { unique } from './change-rules';
import { ChangeRepository, ChangeRow } from './change.repository';
import { ChangeErrors } from './changes.errors';

/** Who may work a change, and whether the records a change links to exist for the actor. */
@Injectable()
export class ChangeAccess {
  constructor(
    private readonly repo: ChangeRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * One piece of work on a change, in one transaction: the change locked for work (`lockForWork`:
   * 404, 403, 409 on a stale version), then `step` with the transaction and the step's `now`.
   */
  async work(
    actor: Actor,
    id: string,
    version: number | undefined,
    step: (em: EntityManager, row: ChangeRow, now: Date) => Promise<void>,
    deciding = false,
  ): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(async (em) => step(em, await this.lockForWork(em, actor, id, version, deciding), now));
  }

  /**
   * Locks a change the actor sees (404 otherwise) and may work: Tier 1 of the owning unit, Tier 2,
   * supervisors (403 for others who see it, such as the unit head or the requester).
   */
  async lockForWork(
    em: EntityManager,
    actor: Actor,
    id: string,
    version: number | undefined,
    deciding = false,
  ): Promise<ChangeRow> {
    const row = await this.repo.lock(em, id, actor);
    if (!row) throw ChangeErrors.notFound();
    if (!this.mayWork(actor, row)) {
      if (deciding) throw ChangeErrors.onlySupervisorDecides();
      throw ChangeErrors.notAllowed('work on');
    }
    if (version !== undefined && version !== row.version) throw ChangeErrors.stale(row.version);
    return row;
  }

  mayWork(actor: Actor, row: Pick<ChangeRow, 'owningUnitId'>): boolean {
    return (
      hasRole(actor, Role.Tier2, Role.Supervisor) ||
      (hasRole(actor, Role.Tier1) && actor.unitId === row.owningUnitId)
    );
  }

  async checkLinks(
    em: EntityManager,
    actor: Actor,
    dto: { ticketIds?: string[]; problemIds?: string[]; incidentIds?: string[]; affectedUnitIds?: string[] },
  ): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const check = async (
      field: string,
      ids: string[] | undefined,
      visible: (ids: string[]) => Promise<string[]>,
    ) => {
      if (!ids?.length) return;
      const wanted = unique(ids);
      const found = new Set(await visible(wanted));
      const missing = wanted.filter((i) => !found.has(i));
      if (missing.length)
        errors.push({ field, message: `unknown ${field.replace(/Ids$/, '')}s: ${missing.join(', ')}` });
    };
    await check('ticketIds', dto.ticketIds, (ids) => this.repo.visibleTicketIds(em, actor, ids));
    await check('problemIds', dto.problemIds, (ids) => this.repo.visibleProblemIds(em, actor, ids));
    await check('incidentIds', dto.incidentIds, (ids) => this.repo.visibleIncidentIds(em, actor, ids));
    await check('affectedUnitIds', dto.affectedUnitIds, (ids) => this.repo.existingUnitIds(em, ids));
    return errors;
  }
}
