import { Clock, DomainError, ErrorCode } from '@desk/common';
import { AppConfig } from '@desk/config';
import { TransactionRunner } from '@desk/database';
import { asLocale, layout, MailOutbox } from '@desk/notifications';
import { Actor } from '@desk/org-auth';
import { toSearchText, toSimilarityText } from '@desk/text-search';
import { TicketService } from '@desk/tickets';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createTwoFilesPatch, diffLines } from 'diff';
import { DateTime } from 'luxon';
import { articleReach, canPublishArticles, canWriteArticles } from './article-access';
import {
  CreateArticleDto,
  DeflectionDto,
  FeedbackDto,
  MAX_BODY_LENGTH,
  UpdateArticleDto,
} from './dto/article.dto';
import { ListArticlesQuery } from './dto/article-query.dto';
import {
  KbArticlePageView,
  KbArticleSummaryView,
  KbArticleView,
  KbRevisionDiffView,
  KbRevisionView,
} from './dto/article.view';
import { ArticleKind, ArticleStatus, ArticleVisibility } from './entities/kb-article.entity';
import { ArticleRow, ArticleWrite, KbArticleRepository } from './kb-article.repository';
import { KnowledgeErrors } from './knowledge.errors';
import { markdownToText, renderMarkdown } from './markdown';

/** A published article is due for review this long after publishing unless its author set a date. */
export const DEFAULT_REVIEW_MONTHS = 6;
const REMINDER_BATCH = 200;

type Content = Omit<
  ArticleWrite,
  'bodyHtml' | 'bodyText' | 'titleStems' | 'bodyStems' | 'extraStems' | 'titleSearch'
>;

/** Articles: writing, the review lifecycle, revisions, feedback, deflection and ticket links. */
@Injectable()
export class KnowledgeService {
  private readonly logger = new Logger(KnowledgeService.name);

  constructor(
    private readonly repo: KbArticleRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly tickets: TicketService,
    private readonly mail: MailOutbox,
    private readonly config: AppConfig,
  ) {}

  async create(
    actor: Actor,
    dto: CreateArticleDto,
    sourceTicketId: string | null = null,
  ): Promise<KbArticleView> {
    this.mustWrite(actor);
    const content: Content = {
      title: dto.title,
      body: dto.body,
      kind: dto.kind,
      symptom: dto.symptom ?? null,
      cause: dto.cause ?? null,
      workaround: dto.workaround ?? null,
      categoryId: dto.categoryId ?? null,
      tags: dto.tags ?? [],
      visibility: dto.visibility,
      reviewBy: dto.reviewBy ?? null,
    };
    await this.validate(actor, content);
    const now = this.clock.now();
    const id = await this.tx.run(async (em) => {
      const articleId = await this.repo.insert(em, this.derive(content), actor.id, now, sourceTicketId);
      await this.repo.addRevision(em, articleId, 1, content.title, content.body, actor.id, now);
      if (sourceTicketId) await this.repo.link(em, articleId, sourceTicketId, actor.id, now);
      return articleId;
    });
    return this.get(actor, id, false);
  }

  /**
   * Writes an article inside the caller's transaction (a known error publishing its workaround), as a
   * draft or already submitted for review; publishing stays a reviewer's act. Returns its id.
   */
  async createWithin(
    em: EntityManager,
    actor: Actor,
    dto: CreateArticleDto,
    submit = false,
  ): Promise<string> {
    this.mustWrite(actor);
    const content: Content = {
      title: dto.title,
      body: dto.body,
      kind: dto.kind,
      symptom: dto.symptom ?? null,
      cause: dto.cause ?? null,
      workaround: dto.workaround ?? null,
      categoryId: dto.categoryId ?? null,
      tags: dto.tags ?? [],
      visibility: dto.visibility,
      reviewBy: dto.reviewBy ?? null,
    };
    await this.validate(actor, content);
    const now = this.clock.now();
    const articleId = await this.repo.insert(em, this.derive(content), actor.id, now, null);
    await this.repo.addRevision(em, articleId, 1, content.title, content.body, actor.id, now);
    if (submit)
      await this.repo.setStatus(em, articleId, [ArticleStatus.Draft], ArticleStatus.InReview, now, {});
    return articleId;
  }

  async update(actor: Actor, id: string, dto: UpdateArticleDto): Promise<KbArticleView> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const row = await this.visibleOrThrow(actor, id, em, true);
      this.mustWrite(actor);
      if (row.status === ArticleStatus.Archived) throw KnowledgeErrors.invalidTransition('edit', row.status);
      if (row.version !== dto.version) throw KnowledgeErrors.stale(row.version);
      const content: Content = {
        title: dto.title ?? row.title,
        body: dto.body ?? row.body,
        kind: dto.kind ?? row.kind,
        symptom: dto.symptom !== undefined ? dto.symptom : row.symptom,
        cause: dto.cause !== undefined ? dto.cause : row.cause,
        workaround: dto.workaround !== undefined ? dto.workaround : row.workaround,
        categoryId: dto.categoryId !== undefined ? dto.categoryId : row.categoryId,
        tags: dto.tags ?? row.tags,
        visibility: dto.visibility ?? row.visibility,
        reviewBy: dto.reviewBy !== undefined ? dto.reviewBy : row.reviewBy,
      };
      await this.validate(actor, content);
      if (!(await this.repo.update(em, id, dto.version, this.derive(content), now))) {
        throw KnowledgeErrors.stale(row.version + 1);
      }
      await this.repo.addRevision(em, id, row.version + 1, content.title, content.body, actor.id, now);
    });
    return this.get(actor, id, false);
  }

  /** The editor's preview: the Markdown rendered and sanitised exactly as it will be stored. */
  preview(actor: Actor, body: string): { html: string } {
    this.mustWrite(actor);
    return { html: renderMarkdown(body) };
  }

  /** Reads an article; a read of a published article counts as a view. */
  async get(actor: Actor, id: string, countView = true): Promise<KbArticleView> {
    const row = await this.visibleOrThrow(actor, id);
    if (countView && row.status === ArticleStatus.Published) {
      await this.repo.countView(id);
      row.viewCount += 1;
    }
    const [linkedTickets, myFeedback] = await Promise.all([
      this.repo.linkedTickets(actor, id),
      this.repo.myVote(id, actor.id),
    ]);
    return toView(row, linkedTickets, myFeedback);
  }

  async list(actor: Actor, query: ListArticlesQuery): Promise<KbArticlePageView> {
    const reviewDue = query.reviewDue ? await this.repo.regionToday(this.clock.now()) : undefined;
    const { rows, total } = await this.repo.list(actor, {
      status: query.status,
      visibility: query.visibility,
      categoryId: query.category,
      kind: query.kind,
      tag: query.tag,
      authorId: query.mine || query.reviewDue ? actor.id : undefined,
      reviewDueBefore: reviewDue,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return { items: rows.map(toSummary), total };
  }

  /** draft -> in_review (any writer), in_review -> published and any -> archived (publishers). */
  async act(actor: Actor, id: string, action: 'submit' | 'publish' | 'archive'): Promise<KbArticleView> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const row = await this.visibleOrThrow(actor, id, em, true);
      this.mustWrite(actor);
      const rule = {
        submit: { from: [ArticleStatus.Draft], to: ArticleStatus.InReview, publisher: false },
        publish: { from: [ArticleStatus.InReview], to: ArticleStatus.Published, publisher: true },
        archive: {
          from: [ArticleStatus.Draft, ArticleStatus.InReview, ArticleStatus.Published],
          to: ArticleStatus.Archived,
          publisher: true,
        },
      }[action];
      if (rule.publisher && !canPublishArticles(actor)) {
        throw KnowledgeErrors.notAllowed(`${action} articles: a supervisor or a Tier 2 reviewer does`);
      }
      if (!rule.from.includes(row.status)) throw KnowledgeErrors.invalidTransition(action, row.status);
      const reviewBy =
        action === 'publish'
          ? DateTime.fromJSDate(now).plus({ months: DEFAULT_REVIEW_MONTHS }).toISODate()!
          : undefined;
      const moved = await this.repo.setStatus(em, id, rule.from, rule.to, now, {
        reviewerId: action === 'publish' ? actor.id : undefined,
        reviewBy,
      });
      if (!moved) throw KnowledgeErrors.invalidTransition(action, row.status);
    });
    return this.get(actor, id, false);
  }

  /** "Was this helpful?": once per user, on published articles. */
  async feedback(actor: Actor, id: string, dto: FeedbackDto): Promise<KbArticleView> {
    await this.tx.run(async (em) => {
      const row = await this.visibleOrThrow(actor, id, em, true);
      if (row.status !== ArticleStatus.Published) throw KnowledgeErrors.invalidTransition('rate', row.status);
      if (!(await this.repo.vote(em, id, actor.id, dto.helpful, this.clock.now()))) {
        throw KnowledgeErrors.alreadyVoted();
      }
    });
    return this.get(actor, id, false);
  }

  /** The caller ended a ticket they were writing because this article solved it. */
  async deflect(actor: Actor, id: string, dto: DeflectionDto): Promise<{ deflections: number }> {
    return this.tx.run(async (em) => {
      const row = await this.visibleOrThrow(actor, id, em, true);
      if (row.status !== ArticleStatus.Published)
        throw KnowledgeErrors.invalidTransition('deflect to', row.status);
      const deflections = await this.repo.addDeflection(
        em,
        id,
        actor,
        dto.ticketTitle || null,
        this.clock.now(),
      );
      return { deflections };
    });
  }

  /** A draft from a resolved (or closed) ticket the caller can see, linked both ways. */
  async fromTicket(actor: Actor, ticketId: string): Promise<KbArticleView> {
    this.mustWrite(actor);
    const ticket = await this.tickets.get(actor, ticketId);
    if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
      throw KnowledgeErrors.ticketNotResolved(ticket.status);
    }
    const title = ticket.title.length >= 5 ? ticket.title.slice(0, 200) : `Tiket ${ticket.number}`;
    const body = [
      '## Masalah',
      '',
      ticket.description,
      '',
      '## Penyelesaian',
      '',
      ticket.resolution || '-',
      '',
      `_Dari tiket ${ticket.number}._`,
    ].join('\n');
    return this.create(
      actor,
      {
        title,
        body: body.slice(0, MAX_BODY_LENGTH),
        kind: ArticleKind.HowTo,
        visibility: ArticleVisibility.Agents,
        categoryId: ticket.category?.id ?? null,
        tags: [],
      },
      ticket.id,
    );
  }

  /** Links a ticket the caller can see to an article they can see (an agent answering with it). */
  async linkTicket(actor: Actor, id: string, ticketId: string): Promise<KbArticleView> {
    await this.visibleOrThrow(actor, id);
    this.mustWrite(actor);
    await this.tickets.get(actor, ticketId);
    await this.tx.run((em) => this.repo.link(em, id, ticketId, actor.id, this.clock.now()));
    return this.get(actor, id, false);
  }

  /** Articles linked to a ticket, both the ticket and the articles visible to the caller. */
  async articlesOfTicket(actor: Actor, ticketId: string): Promise<KbArticleSummaryView[]> {
    await this.tickets.get(actor, ticketId);
    return (await this.repo.articlesOfTicket(actor, ticketId)).map(toSummary);
  }

  async revisions(actor: Actor, id: string): Promise<KbRevisionView[]> {
    await this.visibleOrThrow(actor, id);
    this.mustWrite(actor);
    return (await this.repo.revisions(id)).map((r) => ({
      revision: r.revision,
      title: r.title,
      changedBy: { id: r.changedById, name: r.changedByName },
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /** What changed from revision `from` to revision `to` (default: the one before `to`). */
  async diff(actor: Actor, id: string, to: number, from?: number): Promise<KbRevisionDiffView> {
    await this.visibleOrThrow(actor, id);
    this.mustWrite(actor);
    const fromRevision = from ?? to - 1;
    const [older, newer] = await Promise.all([
      fromRevision >= 1 ? this.repo.revision(id, fromRevision) : Promise.resolve({ title: '', body: '' }),
      this.repo.revision(id, to),
    ]);
    if (!older || !newer) throw DomainError.notFound('Revision');
    return {
      from: fromRevision,
      to,
      title: { from: older.title, to: newer.title },
      parts: diffLines(older.body, newer.body).map((p) => ({
        value: p.value,
        added: !!p.added,
        removed: !!p.removed,
      })),
      patch: createTwoFilesPatch(`revisi-${fromRevision}`, `revisi-${to}`, older.body, newer.body),
    };
  }

  /**
   * Mails the author of each published article whose review date has come, once per review date
   * (the mark and the mail commit together; the mail's dedupe key guards a second run too).
   */
  async remindOverdueReviews(): Promise<number> {
    const now = this.clock.now();
    let total = 0;
    for (;;) {
      const sent = await this.tx.run(async (em) => {
        const due = await this.repo.dueForReviewReminder(em, now, REMINDER_BATCH);
        if (!due.length) return 0;
        await this.mail.add(
          em,
          due.map((a) => {
            const locale = asLocale(a.locale);
            const url = `${this.config.appUrl.replace(/\/$/, '')}/help/articles/${a.id}`;
            const en = locale === 'en';
            const body = layout({
              locale,
              title: en ? 'An article is due for review' : 'Artikel perlu ditinjau ulang',
              greeting: en ? `Hello ${a.name},` : `Yth. ${a.name},`,
              paragraphs: [
                en
                  ? `Your knowledge-base article "${a.title}" was due for review on ${a.reviewBy}. Check that it is still correct, then save it with a new review date or archive it.`
                  : `Artikel basis pengetahuan Anda "${a.title}" perlu ditinjau ulang sejak ${a.reviewBy}. Periksa apakah isinya masih benar, lalu simpan dengan tanggal tinjau baru atau arsipkan.`,
              ],
              action: { label: en ? 'Open the article' : 'Buka artikel', url },
              footer: en ? 'SPBE Service Desk knowledge base' : 'Basis pengetahuan SPBE Service Desk',
            });
            return {
              kind: 'kb.review_due',
              to: a.email,
              userId: a.authorId,
              subject: en ? `Review due: ${a.title}` : `Perlu ditinjau: ${a.title}`,
              html: body.html,
              text: body.text,
              dedupeKey: `kb-review_${a.id}_${a.reviewBy}`,
              aggregateType: 'kb_article',
              aggregateId: a.id,
            };
          }),
        );
        await this.repo.markReminded(
          em,
          due.map((a) => a.id),
        );
        return due.length;
      });
      total += sent;
      if (sent < REMINDER_BATCH) break;
    }
    if (total) this.logger.log(`mailed ${total} review reminders`);
    return total;
  }

  private mustWrite(actor: Actor): void {
    if (!canWriteArticles(actor)) throw KnowledgeErrors.notAllowed('write articles: agents do');
  }

  private async visibleOrThrow(
    actor: Actor,
    id: string,
    em?: Parameters<KbArticleRepository['findVisible']>[2],
    lock = false,
  ): Promise<ArticleRow> {
    const row = await this.repo.findVisible(actor, id, em, lock);
    if (!row) throw KnowledgeErrors.notFound();
    return row;
  }

  private async validate(actor: Actor, c: Content): Promise<void> {
    const errors: { field: string; message: string }[] = [];
    if (!articleReach(actor).visibilities.includes(c.visibility)) {
      errors.push({
        field: 'visibility',
        message: `visibility '${c.visibility}' is beyond what you may read`,
      });
    }
    if (c.kind === ArticleKind.KnownError) {
      if (!c.symptom) errors.push({ field: 'symptom', message: 'symptom is required for a known error' });
      if (!c.workaround)
        errors.push({ field: 'workaround', message: 'workaround is required for a known error' });
    }
    if (c.reviewBy && !DateTime.fromISO(c.reviewBy).isValid) {
      errors.push({ field: 'reviewBy', message: 'reviewBy must be a real date' });
    }
    if (c.categoryId && !(await this.repo.categoryExists(c.categoryId))) {
      errors.push({ field: 'categoryId', message: 'categoryId is not a known category' });
    }
    if (errors.length) throw new DomainError(ErrorCode.Validation, errors[0].message, { errors });
  }

  private derive(c: Content): ArticleWrite {
    const extra = [c.tags.join(' '), c.symptom ?? '', c.cause ?? '', c.workaround ?? ''].join(' ');
    return {
      ...c,
      bodyHtml: renderMarkdown(c.body),
      bodyText: markdownToText(c.body),
      titleStems: toSearchText(c.title),
      bodyStems: toSearchText(c.body),
      extraStems: toSearchText(extra),
      titleSearch: toSimilarityText(c.title),
    };
  }
}

function toSummary(r: ArticleRow): KbArticleSummaryView {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    visibility: r.visibility,
    status: r.status,
    category: r.categoryId ? { id: r.categoryId, name: r.categoryName ?? '' } : null,
    tags: r.tags,
    author: { id: r.authorId, name: r.authorName },
    reviewBy: r.reviewBy,
    views: r.viewCount,
    helpful: r.helpfulCount,
    notHelpful: r.notHelpfulCount,
    deflections: r.deflectionCount,
    version: r.version,
    publishedAt: r.publishedAt ? new Date(r.publishedAt).toISOString() : null,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

function toView(
  r: ArticleRow,
  linkedTickets: { id: string; number: string; title: string }[],
  myFeedback: boolean | null,
): KbArticleView {
  return {
    ...toSummary(r),
    body: r.body,
    bodyHtml: r.bodyHtml,
    symptom: r.symptom,
    cause: r.cause,
    workaround: r.workaround,
    reviewer: r.reviewerId ? { id: r.reviewerId, name: r.reviewerName ?? '' } : null,
    sourceTicketId: r.sourceTicketId,
    linkedTickets,
    myFeedback,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
