import { Actor } from '@desk/org-auth';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TicketEventsService } from '../events/ticket-events.service';
import { bearerToken, CurrentActor, QueryTokenAllowed } from '../http/auth.guard';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: TicketEventsService) {}

  @Get('stream')
  @QueryTokenAllowed()
  @ApiOperation({
    summary: 'Live ticket changes as Server-Sent Events',
    description:
      'Each `ticket` event carries `{type, ticketId, unitId, teamId}` for a ticket the caller may see. ' +
      'A `: ping` comment every 25 s keeps proxies from closing the stream. EventSource cannot send ' +
      'headers, so this route also takes the token as `?access_token=`.',
  })
  @ApiQuery({ name: 'access_token', required: false, description: 'The bearer token, for EventSource' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An endless text/event-stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  stream(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    this.events.attach(actor, bearerToken(req)!, req, res);
  }
}
