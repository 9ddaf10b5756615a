import { Clock } from '@desk/common';
import { TransactionRunner } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { visibleOrThrow } from './article-guard';
import { DeflectionDto, FeedbackDto } from './dto/article.dto';
import { KbArticleView } from './dto/article.view';
import { ArticleStatus } from './entities/kb-article.entity';
import { KbArticleRepository } from './kb-article.repository';
import { KbArticleRecordsRepository } from './kb-article-records.repository';
import { KnowledgeErrors } from './knowledge.errors';
import { KnowledgeService } from './knowledge.service';

/** What readers tell about a published article: helpful or not, and "this solved my problem". */
@Injectable()
export class ArticleFeedbackService {
  constructor(
    private readonly repo: KbArticleRepository,
    private readonly records: KbArticleRecordsRepository,
    private readonly articles: KnowledgeService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** "Was this helpful?": once per user, on published articles. */
  async feedback(actor: Actor, id: string, dto: FeedbackDto): Promise<KbArticleView> {
    await this.tx.run(async (em) => {
      const row = await visibleOrThrow(this.repo, actor, id, em, true);
      if (row.status !== ArticleStatus.Published) throw KnowledgeErrors.invalidTransition('rate', row.status);
      if (!(await this.records.addVote(em, id, actor.id, dto.helpful, this.clock.now()))) {
        throw KnowledgeErrors.alreadyVoted();
      }
      await this.repo.countVote(em, id, dto.helpful);
    });
    return this.articles.get(actor, id, false);
  }

  /** The caller ended a ticket they were writing because this article solved it. */
  async deflect(actor: Actor, id: string, dto: DeflectionDto): Promise<{ deflections: number }> {
    return this.tx.run(async (em) => {
      const row = await visibleOrThrow(this.repo, actor, id, em, true);
      if (row.status !== ArticleStatus.Published)
        throw KnowledgeErrors.invalidTransition('deflect to', row.status);
      await this.records.addDeflection(em, id, actor, dto.ticketTitle || null, this.clock.now());
      return { deflections: await this.repo.countDeflection(em, id) };
    });
  }
}
