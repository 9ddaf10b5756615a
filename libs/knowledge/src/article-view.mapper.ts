import { KbArticleSummaryView, KbArticleView } from './dto/article.view';
import { ArticleRow } from './kb-article.repository';
import { LinkedTicketRow } from './kb-article-records.repository';

export function toSummary(r: ArticleRow): KbArticleSummaryView {
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

export function toView(
  r: ArticleRow,
  linkedTickets: LinkedTicketRow[],
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
