import { Clock } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { TicketService } from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import { mustWrite, visibleOrThrow } from './article-guard';
import { toSummary } from './article-view.mapper';
import { MAX_BODY_LENGTH } from './dto/article.dto';
import { KbArticleSummaryView, KbArticleView } from './dto/article.view';
import { ArticleKind, ArticleVisibility } from './entities/kb-article.entity';
import { KbArticleRepository } from './kb-article.repository';
import { KbArticleRecordsRepository } from './kb-article-records.repository';
import { KnowledgeErrors } from './knowledge.errors';
import { KnowledgeService } from './knowledge.service';

/** Articles and tickets: drafts from resolved tickets, and links both ways. */
@Injectable()
export class ArticleTicketsService {
  constructor(
    private readonly repo: KbArticleRepository,
    private readonly records: KbArticleRecordsRepository,
    private readonly articles: KnowledgeService,
    private readonly tickets: TicketService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** A draft from a resolved (or closed) ticket the caller can see, linked both ways. */
  async fromTicket(actor: Actor, ticketId: string): Promise<KbArticleView> {
    mustWrite(actor);
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
    return this.articles.create(
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
    await visibleOrThrow(this.repo, actor, id);
    mustWrite(actor);
    await this.tickets.get(actor, ticketId);
    await this.tx.run((em) => this.records.link(em, id, ticketId, actor.id, this.clock.now()));
    return this.articles.get(actor, id, false);
  }

  /** Articles linked to a ticket, both the ticket and the articles visible to the caller. */
  async articlesOfTicket(actor: Actor, ticketId: string): Promise<KbArticleSummaryView[]> {
    await this.tickets.get(actor, ticketId);
    return (await this.repo.articlesOfTicket(actor, ticketId)).map(toSummary);
  }
}
