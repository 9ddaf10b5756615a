import { Actor } from '@desk/org-auth';
import {
  SnippetSegment,
  snippetMatcher,
  toPrefixQuery,
  toSimilarityText,
  toTsQuery,
} from '@desk/text-search';
import { Injectable } from '@nestjs/common';
import { SearchArticlesQuery, SuggestArticlesQuery } from './dto/article-query.dto';
import { KbSearchHitView, KbSearchResultView } from './dto/article.view';
import { KbSearchRepository, SearchRow } from './kb-search.repository';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The snippet as HTML: every character escaped, the words matching the query in `<mark>`. */
function snippetHtml(segments: SnippetSegment[]): string {
  let html = '';
  for (const s of segments) html += s.match ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text);
  return html;
}

/**
 * Search and suggest over published articles the caller may read, in Indonesian: words are
 * stemmed exactly as the articles were (see @desk/text-search), titles also match within typing
 * distance. Text that leaves nothing searchable gives no results rather than an error.
 */
@Injectable()
export class KnowledgeSearchService {
  constructor(private readonly repo: KbSearchRepository) {}

  async search(actor: Actor, query: SearchArticlesQuery): Promise<KbSearchResultView> {
    const tsquery = toTsQuery(query.q);
    const similarityText = toSimilarityText(query.q);
    if (!tsquery && !similarityText) return { items: [] };
    const rows = await this.repo.search(actor, {
      tsquery,
      similarityText,
      categoryId: query.category,
      kind: query.kind,
      tag: query.tag,
      limit: query.limit ?? 20,
      offset: query.offset ?? 0,
    });
    return { items: toHits(rows, query.q) };
  }

  /** For a title being typed: the last word matches as a prefix. */
  async suggest(actor: Actor, query: SuggestArticlesQuery): Promise<KbSearchResultView> {
    const similarityText = toSimilarityText(query.q);
    if (similarityText.length < 3) return { items: [] };
    const rows = await this.repo.suggest(actor, toPrefixQuery(query.q), similarityText, query.limit ?? 5);
    return { items: toHits(rows, query.q) };
  }
}

/** The page's hits, their snippets cut for one query (tokenised once, not once per hit). */
function toHits(rows: SearchRow[], query: string): KbSearchHitView[] {
  if (rows.length === 0) return [];
  const snippet = snippetMatcher(query);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    snippet: snippetHtml(snippet(r.snippet ?? '')),
    score: Math.round(Number(r.score) * 10_000) / 10_000,
  }));
}
