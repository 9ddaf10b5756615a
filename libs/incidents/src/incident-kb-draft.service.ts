import { Clock, DomainError, ErrorCode } from '@desk/common';
import { OutboxRepository, TransactionRunner } from '@desk/database';
import {
  ArticleKind,
  ArticleVisibility,
  KbArticleView,
  KnowledgeService,
  MAX_BODY_LENGTH,
} from '@desk/knowledge';
import { Actor, hasRole, Role } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { IncidentRepository } from './incident.repository';
import { IncidentRow } from './incident.rows';
import { IncidentEvents, IncidentPhase } from './incident.types';
import { IncidentErrors } from './incidents.errors';

/** The timeline action that records the lessons-learned article of an incident. */
export const KB_DRAFT_ACTION = 'kb_draft_created';

/**
 * A closed incident's lessons learned as a draft KB article: kind `howto` (how to recognise and
 * answer the same attack next time; a known error needs a product fault with a workaround, which
 * an attack is not), visibility `csirt`, status `draft`. One article per incident: a second call
 * returns the same draft. The incident is locked while the article is written, so two clicks at
 * once still make one article; the timeline records its id.
 */
@Injectable()
export class IncidentKbDraftService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxRepository,
    private readonly knowledge: KnowledgeService,
    private readonly clock: Clock,
  ) {}

  async createDraft(actor: Actor, id: string): Promise<KbArticleView> {
    if (!(await this.repo.findVisible(actor, id))) throw IncidentErrors.notFound();
    if (!hasRole(actor, Role.Csirt, Role.Supervisor))
      throw IncidentErrors.notAllowed('turn the lessons learned into an article');
    const articleId = await this.tx.run(async (em) => {
      const i = await this.repo.lock(em, id);
      if (i.phase !== IncidentPhase.Closed) {
        throw new DomainError(
          ErrorCode.InvalidTransition,
          `Only a closed incident has lessons learned to publish; this one's phase is '${i.phase}'`,
          { currentPhase: i.phase },
        );
      }
      const existing = await this.repo.firstEventData(em, id, KB_DRAFT_ACTION, 'articleId');
      if (existing) return existing;
      const article = await this.knowledge.create(actor, {
        title: `Pelajaran dari insiden ${i.number}: ${i.title}`.slice(0, 200),
        body: draftBody(i).slice(0, MAX_BODY_LENGTH),
        kind: ArticleKind.HowTo,
        visibility: ArticleVisibility.Csirt,
        tags: ['insiden', i.category],
      });
      await this.repo.addEvent(em, {
        incidentId: id,
        actorId: actor.id,
        action: KB_DRAFT_ACTION,
        note: article.title,
        data: { articleId: article.id },
        at: this.clock.now(),
      });
      // The live CSIRT workspace shows the new timeline line.
      await this.outbox.add(em, [
        {
          type: IncidentEvents.Updated,
          aggregateType: 'incident',
          aggregateId: id,
          payload: { action: KB_DRAFT_ACTION, actorId: actor.id },
        },
      ]);
      return article.id;
    });
    return this.knowledge.get(actor, articleId, false);
  }
}

function draftBody(i: IncidentRow): string {
  return [
    `_Insiden ${i.number} (${i.category}), ditutup. Artikel ini khusus CSIRT sampai diterbitkan lebih luas._`,
    '',
    '## Kategori',
    '',
    i.category,
    '',
    '## Apa yang terjadi',
    '',
    i.description,
    '',
    '## Tindakan penahanan',
    '',
    i.containmentActions || '-',
    '',
    '## Pelajaran',
    '',
    i.lessonsLearned || '-',
    '',
    `_Dari insiden ${i.number}._`,
  ].join('\n');
}
