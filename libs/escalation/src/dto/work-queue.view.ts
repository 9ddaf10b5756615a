import type { QueueCounts as Counts, WorkQueue, WorkQueueList as List } from '@desk/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class QueueCounts implements Counts {
  @ApiProperty({ description: 'Open tickets not yet picked up (status new)' }) new: number;
  @ApiProperty({ description: 'All open tickets (new, assigned, in progress, pending)' }) open: number;
  @ApiProperty({ description: 'Open tickets due within the due-soon window, not yet overdue' })
  dueSoon: number;
  @ApiProperty({ description: 'Open tickets whose queue due time has passed' }) breached: number;
  @ApiProperty({ description: 'Open tickets nobody holds (what `next` can claim)' }) unassigned: number;
}

/** One work queue: a Tier 2 team at the Dinas or a PD's Tier 1 desk. */
export class WorkQueueView implements WorkQueue {
  @ApiProperty({ enum: ['team', 'desk'] }) kind: 'team' | 'desk';
  @ApiProperty({ description: 'The team id (for `POST /queues/{teamId}/next`) or the desk id' }) id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ description: 'Teams: the CSIRT team' }) security?: boolean;
  @ApiPropertyOptional({ description: 'Desks: the PD', nullable: true }) unit?: { id: string; name: string };
  @ApiProperty({ description: 'Whether the caller may claim the next ticket of this queue' })
  canClaim: boolean;
  @ApiProperty({ type: QueueCounts }) counts: QueueCounts;
}

export class WorkQueueList implements List {
  @ApiProperty({ type: [WorkQueueView] }) items: WorkQueueView[];
  @ApiProperty({ description: 'The due-soon window of the counts, in minutes' }) dueSoonMinutes: number;
  @ApiProperty({ description: 'When the counts were taken' }) at: string;
}
