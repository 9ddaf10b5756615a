import { Actor } from '@desk/org-auth';
import { EntityManager } from 'typeorm';
import { canWriteArticles } from './article-access';
import { ArticleRow, KbArticleRepository } from './kb-article.repository';
import { KnowledgeErrors } from './knowledge.errors';

/** Refuses (403) anyone who does not write articles. */
export function mustWrite(actor: Actor): void {
  if (!canWriteArticles(actor)) throw KnowledgeErrors.notAllowed('write articles: agents do');
}

/** The article if the actor may see it; 404 otherwise, exactly as for a missing one. */
export async function visibleOrThrow(
  repo: KbArticleRepository,
  actor: Actor,
  id: string,
  em?: EntityManager,
  lock = false,
): Promise<ArticleRow> {
  const row = await repo.findVisible(actor, id, em, lock);
  if (!row) throw KnowledgeErrors.notFound();
  return row;
}
