import type {
  ArticleKindName,
  ArticleStatusName,
  ArticleVisibilityName,
  KbArticle,
  KbArticlePage,
  KbArticleSummary,
  KbNamed,
  KbRevision,
  KbRevisionDiff,
  KbSearchHit,
  KbSearchResult,
} from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class KbArticleSummaryView implements KbArticleSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['howto', 'known_error', 'faq'] }) kind: ArticleKindName;
  @ApiProperty({ enum: ['public', 'agents', 'tier2', 'csirt'] }) visibility: ArticleVisibilityName;
  @ApiProperty({ enum: ['draft', 'in_review', 'published', 'archived'] }) status: ArticleStatusName;
  @ApiPropertyOptional({ nullable: true }) category: KbNamed | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() author: KbNamed;
  @ApiPropertyOptional({ format: 'date', nullable: true }) reviewBy: string | null;
  @ApiProperty() views: number;
  @ApiProperty() helpful: number;
  @ApiProperty() notHelpful: number;
  @ApiProperty() deflections: number;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class KbArticleView extends KbArticleSummaryView implements KbArticle {
  @ApiProperty({ description: 'Markdown' }) body: string;
  @ApiProperty({ description: 'Sanitised HTML' }) bodyHtml: string;
  @ApiPropertyOptional({ nullable: true }) symptom: string | null;
  @ApiPropertyOptional({ nullable: true }) cause: string | null;
  @ApiPropertyOptional({ nullable: true }) workaround: string | null;
  @ApiPropertyOptional({ nullable: true }) reviewer: KbNamed | null;
  @ApiPropertyOptional({ nullable: true }) sourceTicketId: string | null;
  @ApiProperty() linkedTickets: { id: string; number: string; title: string }[];
  @ApiPropertyOptional({ nullable: true }) myFeedback: boolean | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class KbArticlePageView implements KbArticlePage {
  @ApiProperty({ type: [KbArticleSummaryView] }) items: KbArticleSummaryView[];
  @ApiProperty() total: number;
}

export class KbSearchHitView implements KbSearchHit {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Escaped text; matches wrapped in <mark>' }) snippet: string;
  @ApiProperty() score: number;
}

export class KbSearchResultView implements KbSearchResult {
  @ApiProperty({ type: [KbSearchHitView] }) items: KbSearchHitView[];
}

export class KbRevisionView implements KbRevision {
  @ApiProperty() revision: number;
  @ApiProperty() title: string;
  @ApiProperty() changedBy: KbNamed;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class KbRevisionDiffView implements KbRevisionDiff {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty() title: { from: string; to: string };
  @ApiProperty() parts: { value: string; added: boolean; removed: boolean }[];
  @ApiProperty() patch: string;
}
