import { Actor, hasRole, Role } from '@desk/org-auth';
import { ArticleVisibility } from './entities/kb-article.entity';

/**
 * Who reads and writes which articles. Requesters (and anyone who is not an agent: PD heads,
 * admins) read published public articles only. Agents read every status within their reach:
 * Tier 1 public and agents; Tier 2 adds tier2; CSIRT adds csirt; supervisors read everything.
 * Roles add up (a CSIRT member who is also Tier 2 reads both).
 */
export interface ArticleReach {
  visibilities: ArticleVisibility[];
  /** Drafts, reviews and archived articles too (agents), or only published ones. */
  allStatuses: boolean;
}

export function articleReach(actor: Actor): ArticleReach {
  if (hasRole(actor, Role.Supervisor)) {
    return { visibilities: Object.values(ArticleVisibility), allStatuses: true };
  }
  const visibilities = new Set<ArticleVisibility>([ArticleVisibility.Public]);
  if (hasRole(actor, Role.Tier1, Role.Tier2, Role.Csirt)) visibilities.add(ArticleVisibility.Agents);
  if (hasRole(actor, Role.Tier2)) visibilities.add(ArticleVisibility.Tier2);
  if (hasRole(actor, Role.Csirt)) visibilities.add(ArticleVisibility.Csirt);
  return { visibilities: [...visibilities], allStatuses: canWriteArticles(actor) };
}

/** Agents write: Tier 1, Tier 2, CSIRT and supervisors. */
export const canWriteArticles = (actor: Actor): boolean =>
  hasRole(actor, Role.Tier1, Role.Tier2, Role.Csirt, Role.Supervisor);

/** A supervisor or a Tier 2 reviewer publishes (and archives). */
export const canPublishArticles = (actor: Actor): boolean => hasRole(actor, Role.Supervisor, Role.Tier2);

/** The SQL condition for the article alias `a`; parameters are appended to `params`. */
export function articleScopeSql(actor: Actor, params: unknown[], publishedOnly = false): string {
  const reach = articleReach(actor);
  const clauses = [`a.visibility = ANY($${params.push(reach.visibilities)}::text[])`];
  if (publishedOnly || !reach.allStatuses) clauses.push(`a.status = 'published'`);
  return clauses.join(' AND ');
}
