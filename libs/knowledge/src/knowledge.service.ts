import { Clock, DomainError, ErrorCode } from '@desk/common';
import { AppConfig } from '@desk/config';
import { TransactionRunner } from '@desk/database';
import { MailOutbox } from '@desk/notifications';
import { Actor } from '@desk/org-auth';
import { toSearchText, toSimilarityText } from '@desk/text-search';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { articleReach, canPublishArticles } from './article-access';
import { mustWrite, visibleOrThrow } from './article-guard';
import { toSummary, toView } from './article-view.mapper';
import { CreateArticleDto, UpdateArticleDto } from './dto/article.dto';
import { ListArticlesQuery } from './dto/article-query.dto';
import { KbArticlePageView, KbArticleView } from './dto/article.view';
import { ArticleKind, ArticleStatus } from './entities/kb-article.entity';
import { ArticleRow, ArticleWrite, KbArticleRepository } from './kb-article.repository';
import { KbArticleRecordsRepository } from './kb-article-records.repository';
import { KnowledgeErrors } from './knowledge.errors';
import { markdownToText, renderMarkdown } from './markdown';
import { reviewReminderMail } from './review-reminder.mail';

/** A published article is due for review this long after publishing unless its author set a date. */
export const DEFAULT_REVIEW_MONTHS = 6;
const REMINDER_BATCH = 200;

type Content = Omit<
  ArticleWrite,
  'bodyHtml' | 'bodyText' | 'titleStems' | 'bodyStems' | 'extraStems' | 'titleSearch'
>;

/**
 * Articles: writing, reading, listing and the review lifecycle, and the review reminders. Feedback and
 * deflection are in `ArticleFeedbackService`, revisions in `ArticleHistoryService`, ticket links in
 * `ArticleTicketsService`.
 */
@Injectable()
export class KnowledgeService {
  private readonly logger = new Logger(KnowledgeService.name);

  constructor(
    private readonly repo: KbArticleRepository,
    private readonly records: KbArticleRecordsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly mail: MailOutbox,
    private readonly config: AppConfig,
  ) {}

  async create(
    actor: Actor,
    dto: CreateArticleDto,
    sourceTicketId: string | null = null,
  ): Promise<KbArticleView> {
    mustWrite(actor);
    const content = newContent(dto);
    await this.validate(actor, content);
    const now = this.clock.now();
    const id = await this.tx.run(async (em) => {
      const articleId = await this.repo.insert(em, this.derive(content), actor.id, now, sourceTicketId);
      await this.records.addRevision(em, articleId, 1, content.title, content.body, actor.id, now);
      if (sourceTicketId) await this.records.link(em, articleId, sourceTicketId, actor.id, now);
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
    mustWrite(actor);
    const content = newContent(dto);
    await this.validate(actor, content);
    const now = this.clock.now();
    const articleId = await this.repo.insert(em, this.derive(content), actor.id, now, null);
    await this.records.addRevision(em, articleId, 1, content.title, content.body, actor.id, now);
    if (submit)
      await this.repo.setStatus(em, articleId, [ArticleStatus.Draft], ArticleStatus.InReview, now, {});
    return articleId;
  }

  async update(actor: Actor, id: string, dto: UpdateArticleDto): Promise<KbArticleView> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const row = await this.visibleOrThrow(actor, id, em, true);
      mustWrite(actor);
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
      await this.records.addRevision(em, id, row.version + 1, content.title, content.body, actor.id, now);
    });
    return this.get(actor, id, false);
  }

  /** The editor's preview: the Markdown rendered and sanitised exactly as it will be stored. */
  preview(actor: Actor, body: string): { html: string } {
    mustWrite(actor);
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
      this.records.linkedTickets(actor, id),
      this.records.myVote(id, actor.id),
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
      mustWrite(actor);
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
          due.map((a) => reviewReminderMail(a, this.config.appUrl)),
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

  private visibleOrThrow(actor: Actor, id: string, em?: EntityManager, lock = false): Promise<ArticleRow> {
    return visibleOrThrow(this.repo, actor, id, em, lock);
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

function newContent(dto: CreateArticleDto): Content {
  return {
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
}
