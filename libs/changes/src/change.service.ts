import type { Change, ChangeCalendarItem, ChangeSummary, ChangeTimelineItem } from '@desk/contracts';
import { RecordEventRow } from '@desk/database';
import { Actor } from '@desk/org-auth';
import { Injectable } from '@nestjs/common';
import { ChangeEditingService } from './change-editing.service';
import { ChangeLifecycleService } from './change-lifecycle.service';
import { ChangeQueryService } from './change-query.service';
import {
  CalendarQuery,
  ChangePhaseDto,
  CreateChangeDto,
  ListChangesQuery,
  UpdateChangeDto,
} from './dto/change.dto';

/**
 * Changes (SPBE Pasal 26), the one door the controller uses: filing and edits
 * (ChangeEditingService), the phase machine with approval and review (ChangeLifecycleService), and
 * the reads, timeline and calendar (ChangeQueryService). Mail to approvers and to the requester is
 * written into the mail outbox in the transaction that records the step (ChangeMailer).
 */
@Injectable()
export class ChangeService {
  constructor(
    private readonly editing: ChangeEditingService,
    private readonly lifecycle: ChangeLifecycleService,
    private readonly reads: ChangeQueryService,
  ) {}

  create(actor: Actor, dto: CreateChangeDto): Promise<Change> {
    return this.editing.create(actor, dto);
  }

  update(actor: Actor, id: string, dto: UpdateChangeDto): Promise<Change> {
    return this.editing.update(actor, id, dto);
  }

  movePhase(actor: Actor, id: string, dto: ChangePhaseDto): Promise<Change> {
    return this.lifecycle.movePhase(actor, id, dto);
  }

  get(actor: Actor, id: string): Promise<Change> {
    return this.reads.get(actor, id);
  }

  list(actor: Actor, query: ListChangesQuery): Promise<ChangeSummary[]> {
    return this.reads.list(actor, query);
  }

  liveBacklog(actor: Actor, afterEventId: string, limit?: number): Promise<RecordEventRow[]> {
    return this.reads.liveBacklog(actor, afterEventId, limit);
  }

  liveVisible(actor: Actor, ids: string[]): Promise<Set<string>> {
    return this.reads.liveVisible(actor, ids);
  }

  timeline(actor: Actor, id: string): Promise<{ items: ChangeTimelineItem[] }> {
    return this.reads.timeline(actor, id);
  }

  calendar(actor: Actor, q: CalendarQuery): Promise<{ items: ChangeCalendarItem[] }> {
    return this.reads.calendar(actor, q);
  }
}
