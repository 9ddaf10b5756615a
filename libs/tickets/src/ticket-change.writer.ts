import { Clock, DomainError } from '@desk/common';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import { TicketVisibilitySnapshot } from '@desk/queue';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { TicketHookRegistry } from './ticket-hook.registry';
import { TicketQueryService } from './ticket-query.service';
import { TicketRepository } from './ticket.repository';
import { TicketPatch, TicketRow } from './ticket.rows';
import { TicketErrors } from './tickets.errors';

/** One decided change of a ticket, as `TicketChangeWriter.apply` writes it. */
export interface TicketChange {
  patch: TicketPatch;
  action: string;
  event: string;
  note?: string | null;
  /** A system reason as a code and parameters (rendered per reader in the history). */
  reason?: { code: string; params: Record<string, string | number> } | null;
  /** Extra fields of the outbox payload (the escalation events carry team, reason, escalation id). */
  payload?: Record<string, unknown>;
  /**
   * The instant of the change, when the patch holds it (first response, resolution...): the hooks
   * get the same one, so a clock is met at exactly the ticket's first response.
   */
  at?: Date;
  /** Fields whose old value must not reach the audit trail (content handed to a confidential module). */
  redact?: string[];
}

/**
 * The one write path of a ticket change: the lifecycle hooks, the row update, its audit event and its
 * outbox event, in the caller's transaction.
 */
@Injectable()
export class TicketChangeWriter {
  constructor(
    private readonly repo: TicketRepository,
    private readonly query: TicketQueryService,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly hooks: TicketHookRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs one change in a transaction: visibility (404), row lock, permission (403), version check
   * (409), the rule in `decide`, then the update, its audit event and its outbox event, all
   * committed together.
   */
  async run(
    actor: Actor,
    id: string,
    version: number | undefined,
    authorize: (t: TicketRow) => void,
    decide: (t: TicketRow, em: EntityManager) => Promise<TicketChange>,
  ): Promise<void> {
    try {
      await this.tx.run(async (em) => {
        await this.query.visibleOrThrow(actor, id, em);
        const t = await this.repo.lock(em, id);
        authorize(t);
        if (version !== undefined && version !== t.version) throw TicketErrors.stale(t.version);
        const change = await decide(t, em);
        await this.apply(em, t, change, actor.id);
      });
    } catch (error) {
      throw translateWriteError(error);
    }
  }

  /** Writes a decided change of the locked ticket `t` with its hooks, audit event and outbox event. */
  async apply(em: EntityManager, t: TicketRow, change: TicketChange, actorId: string | null): Promise<void> {
    await this.hooks.onChange(
      { em, before: t, action: change.action, actorId, now: change.at ?? this.clock.now() },
      change.patch,
    );
    // The SLA engine's hook wrote the due columns and the queue's sort key when the clocks moved.
    const next = { ...t, ...change.patch } as TicketRow;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, to] of Object.entries(change.patch)) {
      const from = (t as unknown as Record<string, unknown>)[field];
      if (field !== 'queueDueAt' && normalise(from) !== normalise(to))
        changes[field] = { from: change.redact?.includes(field) ? null : normalise(from), to: normalise(to) };
    }
    await this.repo.update(em, t.id, change.patch);
    await this.repo.addEvent(em, {
      ticketId: t.id,
      actorId,
      action: change.action,
      changes,
      note: change.note,
      reason: change.reason,
    });
    await this.outbox.add(em, [
      {
        type: change.event,
        aggregateType: 'ticket',
        aggregateId: t.id,
        payload: {
          number: t.number,
          status: next.status,
          actorId,
          changes: Object.keys(changes),
          visibility: {
            unitId: next.unitId,
            teamId: next.teamId ?? null,
            requesterId: next.requesterId,
            escalated: next.escalatedAt != null,
          } satisfies TicketVisibilitySnapshot,
          ...change.payload,
        },
      },
    ]);
  }
}

/** A database refusal a caller can fix, as a 400 naming the field; anything else unchanged. */
export function translateWriteError(error: unknown): unknown {
  const constraint = (error as { constraint?: string }).constraint;
  if (error instanceof QueryFailedError && constraint === 'ticket_category_id_fkey') {
    return DomainError.invalidField('categoryId', 'category not found');
  }
  return error;
}

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v === undefined ? null : v;
}
