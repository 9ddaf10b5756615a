import { Actor } from '@desk/org-auth';
import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IncidentEventsService } from '../events/incident-events.service';
import { bearerToken, CurrentActor, QueryTokenAllowed } from '../http/auth.guard';

/** The live CSIRT workspace; kept apart from the ticket stream, which never carries incidents. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class IncidentEventsController {
  constructor(private readonly events: IncidentEventsService) {}

  @Get('incidents')
  @QueryTokenAllowed()
  @ApiOperation({
    summary: 'Live security-incident changes as Server-Sent Events (CSIRT and supervisors)',
    description:
      'Each `incident` event carries `{type, incidentId}` and its outbox id as the SSE `id`. A ' +
      'reconnecting client sends `Last-Event-ID` (or `?lastEventId=`) and first gets what it missed ' +
      '(up to a day back). Anyone but CSIRT users and supervisors gets 404. EventSource cannot send ' +
      'headers, so this route also takes the token as `?access_token=`.',
  })
  @ApiQuery({ name: 'access_token', required: false, description: 'The bearer token, for EventSource' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Resume after this event id' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An endless text/event-stream' })
  async stream(
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Query('lastEventId') lastEventQuery: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const last = lastEventHeader ?? (typeof lastEventQuery === 'string' ? lastEventQuery : undefined);
    await this.events.attach(actor, bearerToken(req)!, last, req, res);
  }
}
