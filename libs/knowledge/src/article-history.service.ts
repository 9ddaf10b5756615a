import { DomainError } from '@desk/common';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { createTwoFilesPatch, diffLines } from 'diff';
import { mustWrite, visibleOrThrow } from './article-guard';
import { KbRevisionDiffView, KbRevisionView } from './dto/article.view';
import { KbArticleRepository } from './kb-article.repository';
import { KbArticleRecordsRepository } from './kb-article-records.repository';

/** An article's revisions (one per edit) and the difference between two of them. Writers only. */
@Injectable()
export class ArticleHistoryService {
  constructor(
    private readonly repo: KbArticleRepository,
    private readonly records: KbArticleRecordsRepository,
  ) {}

  async revisions(actor: Actor, id: string): Promise<KbRevisionView[]> {
    await visibleOrThrow(this.repo, actor, id);
    mustWrite(actor);
    return (await this.records.revisions(id)).map((r) => ({
      revision: r.revision,
      title: r.title,
      changedBy: { id: r.changedById, name: r.changedByName },
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /** What changed from revision `from` to revision `to` (default: the one before `to`). */
  async diff(actor: Actor, id: string, to: number, from?: number): Promise<KbRevisionDiffView> {
    await visibleOrThrow(this.repo, actor, id);
    mustWrite(actor);
    const fromRevision = from ?? to - 1;
    const [older, newer] = await Promise.all([
      fromRevision >= 1 ? this.records.revision(id, fromRevision) : Promise.resolve({ title: '', body: '' }),
      this.records.revision(id, to),
    ]);
    if (!older || !newer) throw DomainError.notFound('Revision');
    return {
      from: fromRevision,
      to,
      title: { from: older.title, to: newer.title },
      parts: diffLines(older.body, newer.body).map((p) => ({
        value: p.value,
        added: !!p.added,
        removed: !!p.removed,
      })),
      patch: createTwoFilesPatch(`revisi-${fromRevision}`, `revisi-${to}`, older.body, newer.body),
    };
  }
}
