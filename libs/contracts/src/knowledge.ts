/**
 * Knowledge-base shapes (`/kb/...`): articles, their revisions and diffs, search and suggest
 * results, and the links between tickets and articles. The server's view classes implement them.
 */

export const ARTICLE_KINDS = ['howto', 'known_error', 'faq'] as const;
export type ArticleKindName = (typeof ARTICLE_KINDS)[number];
export const ARTICLE_VISIBILITIES = ['public', 'agents', 'tier2', 'csirt'] as const;
export type ArticleVisibilityName = (typeof ARTICLE_VISIBILITIES)[number];
export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type ArticleStatusName = (typeof ARTICLE_STATUSES)[number];

export interface KbNamed {
  id: string;
  name: string;
}

/** An article in lists (no body). */
export interface KbArticleSummary {
  id: string;
  title: string;
  kind: ArticleKindName;
  visibility: ArticleVisibilityName;
  status: ArticleStatusName;
  category: KbNamed | null;
  tags: string[];
  author: KbNamed;
  reviewBy: string | null;
  views: number;
  helpful: number;
  notHelpful: number;
  deflections: number;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
}

/** A whole article. `bodyHtml` is sanitised and safe to insert into a page. */
export interface KbArticle extends KbArticleSummary {
  body: string;
  bodyHtml: string;
  symptom: string | null;
  cause: string | null;
  workaround: string | null;
  reviewer: KbNamed | null;
  sourceTicketId: string | null;
  /** Tickets linked to the article that the caller may see. */
  linkedTickets: { id: string; number: string; title: string }[];
  /** The caller's own "was this helpful?" answer, if any. */
  myFeedback: boolean | null;
  createdAt: string;
}

export interface KbArticlePage {
  items: KbArticleSummary[];
  total: number;
}

/** A search or suggest hit; `snippet` is plain text escaped as HTML with matches in `<mark>`. */
export interface KbSearchHit {
  id: string;
  title: string;
  snippet: string;
  score: number;
}

export interface KbSearchResult {
  items: KbSearchHit[];
}

export interface KbRevision {
  revision: number;
  title: string;
  changedBy: KbNamed;
  createdAt: string;
}

/** What changed between two revisions: `parts` of the body in order, and a unified patch. */
export interface KbRevisionDiff {
  from: number;
  to: number;
  title: { from: string; to: string };
  parts: { value: string; added: boolean; removed: boolean }[];
  patch: string;
}
