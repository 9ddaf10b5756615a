import { Clock, DomainError, ErrorCode, FieldError } from '@desk/common';
import type { ProblemRecord, ProblemSummary, ProblemTimelineItem } from '@desk/contracts';
import { AppConfig } from '@desk/config';
import { RecordEventRow, TransactionRunner } from '@desk/database';
import { asLocale, MailOutbox, NotificationRepository } from '@desk/notifications';
import { ArticleKind, ArticleVisibility, KnowledgeService } from '@desk/knowledge';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CreateProblemDto, ListProblemsQuery, ProblemStatusDto, UpdateProblemDto } from './dto/problem.dto';
import { ProblemStatus } from './entities/problem.entity';
import { problemResolvedMail } from './problem-mail';
import { nextStatuses } from './problem-status';
import { worksProblems } from './problem-visibility';
import { ProblemPatch, ProblemRepository, ProblemRow } from './problem.repository';
import { ProblemErrors } from './problems.errors';

/**
 * Problems: the cause behind one or more tickets. Tier 2 and supervisors work them; the agents of a
 * PD whose ticket is linked read them. Status rules in problem-status; resolving tells the
 * requesters of the open linked tickets once, by mail written in the same transaction.
 */
@Injectable()
export class ProblemService {
  constructor(
    private readonly repo: ProblemRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly outbox: MailOutbox,
    private readonly people: NotificationRepository,
    private readonly config: AppConfig,
    private readonly knowledge: KnowledgeService,
  ) {}

  async create(actor: Actor, dto: CreateProblemDto): Promise<ProblemRecord> {
    if (!worksProblems(actor)) throw ProblemErrors.notAllowed('record problems');
    const now = this.clock.now();
    const id = await this.tx.run(async (em) => {
      const ticketIds = await this.checkTickets(em, actor, dto.ticketIds ?? []);
      const incidentIds = await this.checkIncidents(em, actor, dto.incidentIds ?? []);
      const created = await this.repo.insert(em, dto, actor, now);
      if (ticketIds.length) await this.repo.setTickets(em, created.id, actor, ticketIds);
      if (incidentIds.length) await this.repo.setIncidents(em, created.id, actor, incidentIds);
      await this.repo.addEvent(
        em,
        {
          problemId: created.id,
          actorId: actor.id,
          type: 'created',
          toStatus: ProblemStatus.Open,
          data: { ticketIds, incidentCount: incidentIds.length },
        },
        now,
      );
      return created.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<ProblemRecord> {
    const row = await this.repo.get(id, actor);
    if (!row) throw ProblemErrors.notFound();
    const [tickets, incidents, kbArticle] = await Promise.all([
      this.repo.tickets(id, actor),
      this.repo.incidents(id, actor),
      row.kbArticleId ? this.repo.article(row.kbArticleId) : Promise.resolve(null),
    ]);
    return { ...this.view(actor, row, tickets.items, tickets.total), incidents, kbArticle };
  }

  list(actor: Actor, query: ListProblemsQuery): Promise<ProblemSummary[]> {
    return this.repo.list(actor, query);
  }

  /** The live stream's replay: the events after `afterEventId`, up to a day back, on problems the actor sees. */
  liveBacklog(actor: Actor, afterEventId: string, limit = 500): Promise<RecordEventRow[]> {
    return this.repo.eventsAfter(actor, afterEventId, this.clock.now(), limit);
  }

  /** The live stream's filter: which of these problems the actor sees now. */
  liveVisible(actor: Actor, ids: string[]): Promise<Set<string>> {
    return this.repo.visibleIds(actor, ids);
  }

  async timeline(actor: Actor, id: string): Promise<{ items: ProblemTimelineItem[] }> {
    if (!(await this.repo.get(id, actor))) throw ProblemErrors.notFound();
    return { items: await this.repo.timeline(id) };
  }

  async update(actor: Actor, id: string, dto: UpdateProblemDto): Promise<ProblemRecord> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const row = await this.lockForWork(em, actor, id, dto.version);
      if (row.status === ProblemStatus.Closed) throw ProblemErrors.notEditable(row.status);
      const set: ProblemPatch = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of ['title', 'description'] as const) {
        const value = dto[field];
        if (value === undefined || value === row[field]) continue;
        if (!value) throw DomainError.invalidField('title', 'title is required');
        set[field] = value;
        changes[field] = { from: row[field], to: value };
      }
      for (const field of ['rootCause', 'workaround', 'permanentFix'] as const) {
        const value = dto[field];
        if (value === undefined || value === row[field]) continue;
        set[field] = value || null;
        changes[field] = { from: row[field], to: value || null };
      }
      // A known error keeps its root cause and workaround; a resolved problem its fix.
      this.requireAnalysis(row.status, { ...row, ...dto });
      let links: { added: string[]; removed: string[] } | undefined;
      if (dto.ticketIds) {
        const ticketIds = await this.checkTickets(em, actor, dto.ticketIds);
        links = await this.repo.setTickets(em, id, actor, ticketIds);
        if (links.added.length || links.removed.length)
          changes.tickets = { from: links.removed, to: links.added };
      }
      if (dto.incidentIds) {
        const incidentIds = await this.checkIncidents(em, actor, dto.incidentIds);
        const moved = await this.repo.setIncidents(em, id, actor, incidentIds);
        // The timeline is read by everyone who sees the problem: it counts, never names, incidents.
        if (moved.added.length || moved.removed.length)
          changes.incidents = { from: moved.removed.length, to: moved.added.length };
      }
      if (!Object.keys(changes).length) return;
      await this.repo.update(em, id, set, now);
      await this.repo.addEvent(
        em,
        { problemId: id, actorId: actor.id, type: 'updated', data: { changes } },
        now,
      );
    });
    return this.get(actor, id);
  }

  async moveStatus(actor: Actor, id: string, dto: ProblemStatusDto): Promise<ProblemRecord> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const row = await this.lockForWork(em, actor, id, dto.version);
      const allowed = nextStatuses(row.status);
      if (!allowed.includes(dto.status))
        throw ProblemErrors.invalidTransition(row.status, dto.status, allowed);
      const merged = {
        rootCause: dto.rootCause ?? row.rootCause,
        workaround: dto.workaround ?? row.workaround,
        permanentFix: dto.permanentFix ?? row.permanentFix,
      };
      this.requireAnalysis(dto.status, merged);
      const set: ProblemPatch = { status: dto.status };
      for (const field of ['rootCause', 'workaround', 'permanentFix'] as const)
        if (dto[field] !== undefined) set[field] = dto[field] || null;
      if (dto.status === ProblemStatus.KnownError) set.knownErrorAt = now;
      if (dto.status === ProblemStatus.Resolved) set.resolvedAt = now;
      if (dto.status === ProblemStatus.Closed) set.closedAt = now;
      if (dto.status === ProblemStatus.Investigating && row.status === ProblemStatus.Resolved)
        set.resolvedAt = null;
      await this.repo.update(em, id, set, now);
      const eventId = await this.repo.addEvent(
        em,
        {
          problemId: id,
          actorId: actor.id,
          type: 'status',
          fromStatus: row.status,
          toStatus: dto.status,
          note: dto.note,
        },
        now,
      );
      if (dto.status === ProblemStatus.Resolved)
        await this.tellRequesters(em, { ...row, ...merged }, eventId);
    });
    return this.get(actor, id);
  }

  /**
   * Publishes a known error's workaround as a `known_error` KB article for agents (symptom = the
   * description, cause = the root cause). It is written submitted for review, not published: the KB
   * rule that a reviewer publishes holds here too. Once per problem (409 naming the article).
   */
  async publishArticle(actor: Actor, id: string): Promise<ProblemRecord> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const row = await this.lockForWork(em, actor, id);
      if (row.kbArticleId) throw ProblemErrors.articleExists(row.kbArticleId);
      const past = [ProblemStatus.KnownError, ProblemStatus.Resolved, ProblemStatus.Closed];
      if (!past.includes(row.status) || !row.workaround)
        throw ProblemErrors.articleNeedsKnownError(row.status);
      const articleId = await this.knowledge.createWithin(
        em,
        actor,
        {
          title: `${row.number}: ${row.title}`.slice(0, 200),
          body: [row.description, row.rootCause, row.workaround]
            .filter(Boolean)
            .join('\n\n')
            .slice(0, 50_000),
          kind: ArticleKind.KnownError,
          symptom: row.description,
          cause: row.rootCause ?? undefined,
          workaround: row.workaround,
          visibility: ArticleVisibility.Agents,
          tags: ['known-error'],
        },
        true,
      );
      await this.repo.update(em, id, { kbArticleId: articleId }, now);
      await this.repo.addEvent(
        em,
        { problemId: id, actorId: actor.id, type: 'kb_article', data: { articleId } },
        now,
      );
    });
    return this.get(actor, id);
  }

  /** One mail per requester of the open linked tickets, keyed by the resolution's timeline event. */
  private async tellRequesters(em: EntityManager, row: ProblemRow, eventId: string): Promise<void> {
    const groups = await this.repo.openTicketRequesters(em, row.id);
    if (!groups.length) return;
    const people = await this.people.recipients([{ kind: 'users', ids: groups.map((g) => g.userId) }]);
    const mails = people.flatMap((r) => {
      const numbers = groups.find((g) => g.userId === r.id)?.numbers ?? [];
      const body = problemResolvedMail({
        locale: asLocale(r.locale),
        recipientName: r.name,
        number: row.number,
        title: row.title,
        permanentFix: row.permanentFix,
        ticketNumbers: numbers,
        appUrl: this.config.appUrl,
      });
      return [
        {
          kind: 'problem.resolved',
          to: r.email,
          userId: r.id,
          ...body,
          dedupeKey: `problem-resolved_${eventId}_${r.id}`,
          aggregateType: 'problem',
          aggregateId: row.id,
        },
      ];
    });
    await this.outbox.add(em, mails);
  }

  /** A known error needs its root cause and workaround, a resolved problem its permanent fix. */
  private requireAnalysis(
    status: ProblemStatus,
    v: { rootCause?: string | null; workaround?: string | null; permanentFix?: string | null },
  ): void {
    const errors: FieldError[] = [];
    const needs = (field: 'rootCause' | 'workaround' | 'permanentFix', why: string) => {
      if (!v[field]) errors.push({ field, message: `${field} is required ${why}` });
    };
    if (status === ProblemStatus.KnownError) {
      needs('rootCause', 'for a known error');
      needs('workaround', 'for a known error');
    }
    if (status === ProblemStatus.Resolved || status === ProblemStatus.Closed)
      needs('permanentFix', 'to resolve a problem');
    if (errors.length)
      throw new DomainError(ErrorCode.Validation, errors.map((e) => e.message).join('; '), { errors });
  }

  /** Locks a problem the actor sees (404 otherwise) and may work (403), at the version read (409). */
  private async lockForWork(
    em: EntityManager,
    actor: Actor,
    id: string,
    version?: number,
  ): Promise<ProblemRow> {
    const row = await this.repo.lock(em, id, actor);
    if (!row) throw ProblemErrors.notFound();
    if (!worksProblems(actor)) throw ProblemErrors.notAllowed('change problems');
    if (version !== undefined && version !== row.version) throw ProblemErrors.stale(row.version);
    return row;
  }

  /** Every named ticket must exist and be visible to the actor; 400 naming the unknown ones. */
  private async checkTickets(em: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const visible = new Set(await this.repo.visibleTicketIds(em, actor, unique));
    const unknown = unique.filter((id) => !visible.has(id));
    if (unknown.length) throw DomainError.invalidField('ticketIds', `unknown tickets: ${unknown.join(', ')}`);
    return unique;
  }

  /** Every named incident must exist and be visible to the actor; 400 naming the field otherwise. */
  private async checkIncidents(em: EntityManager, actor: Actor, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const visible = new Set(await this.repo.visibleIncidentIds(em, actor, unique));
    const unknown = unique.filter((id) => !visible.has(id));
    if (unknown.length)
      throw DomainError.invalidField('incidentIds', `unknown incidents: ${unknown.join(', ')}`);
    return unique;
  }

  private view(
    actor: Actor,
    row: ProblemRow,
    tickets: ProblemRecord['tickets'],
    ticketCount: number,
  ): Omit<ProblemRecord, 'incidents' | 'kbArticle'> {
    const canWork = worksProblems(actor);
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      description: row.description,
      status: row.status,
      rootCause: row.rootCause,
      workaround: row.workaround,
      permanentFix: row.permanentFix,
      createdBy: { id: row.createdById, name: row.createdByName },
      knownErrorAt: iso(row.knownErrorAt),
      resolvedAt: iso(row.resolvedAt),
      closedAt: iso(row.closedAt),
      tickets,
      ticketCount,
      canWork,
      nextStatuses: canWork ? nextStatuses(row.status) : [],
      version: row.version,
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  }
}

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);
