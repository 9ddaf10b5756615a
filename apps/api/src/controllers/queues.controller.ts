import { WorkQueueList, WorkQueueService } from '@desk/escalation';
import { Actor } from '@desk/org-auth';
import { TicketView } from '@desk/tickets';
import { Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { Returns, ReturnsOrNoContent } from '../openapi/contracts';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: WorkQueueService) {}

  @Get()
  @ApiOperation({ summary: 'The desks and teams the caller works, with counts' })
  @Returns('WorkQueueList')
  list(@CurrentActor() actor: Actor): Promise<WorkQueueList> {
    return this.queues.list(actor);
  }

  // Declared before `:teamId/next` so `desk` is not read as a team id.
  @Post('desk/next')
  @HttpCode(200)
  @ApiOperation({ summary: "Claim the most urgent unassigned ticket of the caller's Tier 1 desk" })
  @ApiNoContentResponse({ description: 'Nothing to claim' })
  @ReturnsOrNoContent('Ticket')
  async nextOfDesk(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: FastifyReply) {
    return this.claimed(res, await this.queues.nextOfDesk(actor));
  }

  @Post(':teamId/next')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim the most urgent unassigned ticket of a Tier 2 team, in due order' })
  @ApiNoContentResponse({ description: 'Nothing to claim' })
  @ReturnsOrNoContent('Ticket')
  async nextOfTeam(
    @CurrentActor() actor: Actor,
    @Param('teamId', uuidParam('Team')) teamId: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.claimed(res, await this.queues.nextOfTeam(actor, teamId));
  }

  /** An empty queue is not an error: 204, so 404 keeps meaning "no such team". */
  private claimed(res: FastifyReply, ticket: TicketView | null): TicketView | undefined {
    if (ticket) return ticket;
    res.status(HttpStatus.NO_CONTENT);
    return undefined;
  }
}
