import type { JsonText } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CreateCommentDto, RatingDto } from './dto/comment.dto';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { EscalateDto, SystemEscalation } from './dto/escalation.dto';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { UpdateTicketDto } from './dto/update-ticket.dto';
import { EscalationRecord, WorkQueue } from './escalation.repository';
import { TicketConversationService } from './ticket-conversation.service';
import { TicketEscalationService } from './ticket-escalation.service';
import { TicketFilingService } from './ticket-filing.service';
import { TicketHookRegistry } from './ticket-hook.registry';
import { TicketLifecycleHook } from './ticket-lifecycle.hook';
import { ActionInput, SealedTicket, TicketLifecycleService } from './ticket-lifecycle.service';
import { TicketQueryService } from './ticket-query.service';
import { TicketAction } from './ticket-transitions';
import { TicketPage, TicketView } from './ticket.view';

/**
 * The tickets lib's entry point for the api, the worker and the other libs. Each rule lives in one of
 * the services it delegates to: filing, reading, the lifecycle, escalation and claiming, and the
 * conversation (comments and files); `TicketChangeWriter` writes every change.
 */
@Injectable()
export class TicketService {
  constructor(
    private readonly filing: TicketFilingService,
    private readonly query: TicketQueryService,
    private readonly lifecycle: TicketLifecycleService,
    private readonly escalation: TicketEscalationService,
    private readonly conversation: TicketConversationService,
    private readonly hooks: TicketHookRegistry,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Registers a lifecycle hook (the SLA engine does, at module init, in api and worker). Hooks run
   * inside the transaction of every ticket change, filing included.
   */
  registerHook(hook: TicketLifecycleHook): void {
    this.hooks.register(hook);
  }

  create(actor: Actor, dto: CreateTicketDto, idempotencyKey?: string): Promise<TicketView> {
    return this.filing.create(actor, dto, idempotencyKey);
  }

  /** A page of tickets as the JSON text the API answers (the hot read path). */
  listJson(actor: Actor, query: ListTicketsQuery): Promise<JsonText<TicketPage>> {
    return this.query.listJson(actor, query);
  }

  /** `get` as the JSON text the API answers. */
  getJson(actor: Actor, id: string): Promise<JsonText<TicketView>> {
    return this.query.getJson(actor, id);
  }

  get(actor: Actor, id: string): Promise<TicketView> {
    return this.query.get(actor, id);
  }

  getByNumber(actor: Actor, number: string): Promise<TicketView> {
    return this.query.getByNumber(actor, number);
  }

  history(actor: Actor, id: string) {
    return this.query.history(actor, id);
  }

  update(actor: Actor, id: string, dto: UpdateTicketDto): Promise<TicketView> {
    return this.lifecycle.update(actor, id, dto);
  }

  act(actor: Actor, id: string, action: TicketAction, input: ActionInput): Promise<TicketView> {
    return this.lifecycle.act(actor, id, action, input);
  }

  rate(actor: Actor, id: string, dto: RatingDto): Promise<TicketView> {
    return this.lifecycle.rate(actor, id, dto);
  }

  sealInTransaction(
    em: EntityManager,
    actor: Actor,
    id: string,
    input: { action: string; wording: () => Promise<{ title: string; notice: string }> },
  ): Promise<SealedTicket> {
    return this.lifecycle.sealInTransaction(em, actor, id, input);
  }

  resolveAsChild(
    em: EntityManager,
    childId: string,
    parent: { number: string; resolution: string },
    actorId: string | null,
    now: Date,
  ): Promise<boolean> {
    return this.lifecycle.resolveAsChild(em, childId, parent, actorId, now);
  }

  autoResume(ticketId: string, until: string): Promise<boolean> {
    return this.lifecycle.autoResume(ticketId, until);
  }

  autoCloseDue(): Promise<number> {
    return this.lifecycle.autoCloseDue();
  }

  /**
   * Escalates a Tier 1 ticket to a Tier 2 team (docs/domain.md, "Ticket lifecycle"). An actor escalates manually, with
   * the rules of `act` (404, 403, 409, version). `null` is the system (SLA auto-escalation): it
   * answers whether the ticket was escalated instead of throwing.
   */
  escalate(actor: Actor, id: string, dto: EscalateDto): Promise<TicketView>;
  escalate(
    actor: null,
    id: string,
    dto: { teamId?: string; reason: string; automatic?: boolean },
  ): Promise<boolean>;
  async escalate(
    actor: Actor | null,
    id: string,
    dto: { teamId?: string; reason: string; automatic?: boolean; version?: number },
  ): Promise<TicketView | boolean> {
    if (actor) return this.lifecycle.act(actor, id, TicketAction.Escalate, dto);
    return this.tx.run((em) =>
      this.escalation.escalateInTransaction(em, id, {
        teamId: dto.teamId,
        reason: dto.reason,
        automatic: true,
      }),
    );
  }

  escalateInTransaction(em: EntityManager, ticketId: string, input: SystemEscalation): Promise<boolean> {
    return this.escalation.escalateInTransaction(em, ticketId, input);
  }

  escalationHistory(actor: Actor, id: string): Promise<EscalationRecord[]> {
    return this.escalation.escalationHistory(actor, id);
  }

  claimNext(actor: Actor, queue: WorkQueue): Promise<TicketView | null> {
    return this.escalation.claimNext(actor, queue);
  }

  addComment(actor: Actor, id: string, dto: CreateCommentDto) {
    return this.conversation.addComment(actor, id, dto);
  }

  comments(actor: Actor, id: string) {
    return this.conversation.comments(actor, id);
  }

  addAttachment(
    actor: Actor,
    id: string,
    file: { originalname: string; size: number; buffer: Buffer },
    internal: boolean,
  ) {
    return this.conversation.addAttachment(actor, id, file, internal);
  }

  attachments(actor: Actor, id: string) {
    return this.conversation.attachments(actor, id);
  }

  openAttachment(actor: Actor, id: string, attachmentId: string) {
    return this.conversation.openAttachment(actor, id, attachmentId);
  }
}
