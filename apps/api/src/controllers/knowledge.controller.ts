import { DomainError } from '@desk/common';
import {
  ArticleFeedbackService,
  ArticleHistoryService,
  ArticleTicketsService,
  CreateArticleDto,
  DeflectionDto,
  FeedbackDto,
  KbArticlePageView,
  KbArticleSummaryView,
  KbArticleView,
  KbRevisionDiffView,
  KbRevisionView,
  KbSearchResultView,
  KnowledgeSearchService,
  KnowledgeService,
  LinkTicketDto,
  PreviewDto,
  ListArticlesQuery,
  SearchArticlesQuery,
  SuggestArticlesQuery,
  UpdateArticleDto,
} from '@desk/knowledge';
import { Actor } from '@desk/org-auth';
import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { Returns, ReturnsList } from '../openapi/contracts';

const articleId = uuidParam('Article');
const ticketId = uuidParam('Ticket');
const revisionParam = new ParseIntPipe({ exceptionFactory: () => DomainError.notFound('Revision') });

function optionalRevision(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) {
    throw DomainError.invalidField('from', 'from must be a revision number');
  }
  return Number(value);
}

@ApiTags('knowledge base')
@ApiBearerAuth()
@Controller('kb')
export class KnowledgeController {
  constructor(
    private readonly articles: KnowledgeService,
    private readonly searcher: KnowledgeSearchService,
    private readonly feedbacks: ArticleFeedbackService,
    private readonly history: ArticleHistoryService,
    private readonly ticketLinks: ArticleTicketsService,
  ) {}

  @Get('search')
  @Returns('KbSearchResult')
  search(@CurrentActor() actor: Actor, @Query() query: SearchArticlesQuery): Promise<KbSearchResultView> {
    return this.searcher.search(actor, query);
  }

  @Get('suggest')
  @Returns('KbSearchResult')
  suggest(@CurrentActor() actor: Actor, @Query() query: SuggestArticlesQuery): Promise<KbSearchResultView> {
    return this.searcher.suggest(actor, query);
  }

  /** The editor's Markdown preview, rendered and sanitised like a saved article (agents). */
  @Post('preview')
  @HttpCode(200)
  @Returns('KbPreview')
  preview(@CurrentActor() actor: Actor, @Body() dto: PreviewDto): { html: string } {
    return this.articles.preview(actor, dto.body);
  }

  @Post('articles')
  @Returns('KbArticle')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateArticleDto): Promise<KbArticleView> {
    return this.articles.create(actor, dto);
  }

  @Get('articles')
  @Returns('KbArticlePage')
  list(@CurrentActor() actor: Actor, @Query() query: ListArticlesQuery): Promise<KbArticlePageView> {
    return this.articles.list(actor, query);
  }

  /** A draft from a resolved ticket: its problem, resolution and category, linked both ways. */
  @Post('articles/from-ticket/:ticketId')
  @Returns('KbArticle')
  fromTicket(@CurrentActor() actor: Actor, @Param('ticketId', ticketId) id: string): Promise<KbArticleView> {
    return this.ticketLinks.fromTicket(actor, id);
  }

  @Get('articles/:id')
  @Returns('KbArticle')
  get(@CurrentActor() actor: Actor, @Param('id', articleId) id: string): Promise<KbArticleView> {
    return this.articles.get(actor, id);
  }

  @Patch('articles/:id')
  @Returns('KbArticle')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', articleId) id: string,
    @Body() dto: UpdateArticleDto,
  ): Promise<KbArticleView> {
    return this.articles.update(actor, id, dto);
  }

  @Post('articles/:id/submit')
  @HttpCode(200)
  @Returns('KbArticle')
  submit(@CurrentActor() actor: Actor, @Param('id', articleId) id: string): Promise<KbArticleView> {
    return this.articles.act(actor, id, 'submit');
  }

  @Post('articles/:id/publish')
  @HttpCode(200)
  @Returns('KbArticle')
  publish(@CurrentActor() actor: Actor, @Param('id', articleId) id: string): Promise<KbArticleView> {
    return this.articles.act(actor, id, 'publish');
  }

  @Post('articles/:id/archive')
  @HttpCode(200)
  @Returns('KbArticle')
  archive(@CurrentActor() actor: Actor, @Param('id', articleId) id: string): Promise<KbArticleView> {
    return this.articles.act(actor, id, 'archive');
  }

  @Post('articles/:id/feedback')
  @HttpCode(200)
  @Returns('KbArticle')
  feedback(
    @CurrentActor() actor: Actor,
    @Param('id', articleId) id: string,
    @Body() dto: FeedbackDto,
  ): Promise<KbArticleView> {
    return this.feedbacks.feedback(actor, id, dto);
  }

  /** The caller ends the ticket they were writing: this article solved it. */
  @Post('articles/:id/deflections')
  @Returns('KbDeflections')
  deflect(
    @CurrentActor() actor: Actor,
    @Param('id', articleId) id: string,
    @Body() dto: DeflectionDto,
  ): Promise<{ deflections: number }> {
    return this.feedbacks.deflect(actor, id, dto);
  }

  @Post('articles/:id/tickets')
  @HttpCode(200)
  @Returns('KbArticle')
  linkTicket(
    @CurrentActor() actor: Actor,
    @Param('id', articleId) id: string,
    @Body() dto: LinkTicketDto,
  ): Promise<KbArticleView> {
    return this.ticketLinks.linkTicket(actor, id, dto.ticketId);
  }

  @Get('articles/:id/revisions')
  @ReturnsList('KbRevision')
  revisions(@CurrentActor() actor: Actor, @Param('id', articleId) id: string): Promise<KbRevisionView[]> {
    return this.history.revisions(actor, id);
  }

  /** The change that made revision `revision` (or since `?from=`). */
  @Get('articles/:id/revisions/:revision/diff')
  @Returns('KbRevisionDiff')
  diff(
    @CurrentActor() actor: Actor,
    @Param('id', articleId) id: string,
    @Param('revision', revisionParam) revision: number,
    @Query('from') from?: unknown,
  ): Promise<KbRevisionDiffView> {
    return this.history.diff(actor, id, revision, optionalRevision(from));
  }

  /** Articles linked to a ticket (the ticket and each article visible to the caller). */
  @Get('tickets/:ticketId/articles')
  @ReturnsList('KbArticleSummary')
  ticketArticles(
    @CurrentActor() actor: Actor,
    @Param('ticketId', ticketId) id: string,
  ): Promise<KbArticleSummaryView[]> {
    return this.ticketLinks.articlesOfTicket(actor, id);
  }
}
