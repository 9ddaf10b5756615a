import { Actor } from '@desk/org-auth';
import { applyDecorators, Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChangeEventsService } from '../events/change-events.service';
import { IncidentEventsService } from '../events/incident-events.service';
import { ProblemEventsService } from '../events/problem-events.service';
import { RecordStreamService } from '../events/record-stream.service';
import { bearerToken, CurrentActor, QueryTokenAllowed } from '../http/auth.guard';

const RESUME =
  'A reconnecting client sends `Last-Event-ID` (or `?lastEventId=`) and first gets what it missed ' +
  '(up to a day back). EventSource cannot send headers, so this route also takes the token as ' +
  '`?access_token=`.';

/** The OpenAPI description every record stream shares. */
const RecordStream = (summary: string, description: string) =>
  applyDecorators(
    QueryTokenAllowed(),
    ApiOperation({ summary, description: `${description} ${RESUME}` }),
    ApiQuery({ name: 'access_token', required: false, description: 'The bearer token, for EventSource' }),
    ApiQuery({ name: 'lastEventId', required: false, description: 'Resume after this event id' }),
    ApiProduces('text/event-stream'),
    ApiOkResponse({
      description: 'An endless text/event-stream',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    }),
  );

/** Live streams of records kept apart from the ticket stream, which never carries them. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class RecordEventsController {
  constructor(
    private readonly incidents: IncidentEventsService,
    private readonly changes: ChangeEventsService,
    private readonly problems: ProblemEventsService,
  ) {}

  @Get('incidents')
  @RecordStream(
    'Live security-incident changes as Server-Sent Events (CSIRT and supervisors)',
    'Each `incident` event carries `{type, incidentId}` and its outbox id as the SSE `id`. Anyone but ' +
      'CSIRT users and supervisors gets 404.',
  )
  incidentStream(
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') header: string | undefined,
    @Query('lastEventId') query: unknown,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.open(this.incidents, actor, header, query, req, res);
  }

  @Get('changes')
  @RecordStream(
    'Live change records as Server-Sent Events',
    'Each `change` event carries `{type, id}` and its outbox id as the SSE `id`, and reaches only ' +
      'those who see that change (the rule of `GET /changes`).',
  )
  changeStream(
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') header: string | undefined,
    @Query('lastEventId') query: unknown,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.open(this.changes, actor, header, query, req, res);
  }

  @Get('problems')
  @RecordStream(
    'Live problem records as Server-Sent Events (agents and PD heads)',
    'Each `problem` event carries `{type, id}` and its outbox id as the SSE `id`, and reaches only ' +
      'those who see that problem (the rule of `GET /problems`). Anyone who may see no problem gets 404.',
  )
  problemStream(
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') header: string | undefined,
    @Query('lastEventId') query: unknown,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.open(this.problems, actor, header, query, req, res);
  }

  private async open(
    stream: RecordStreamService,
    actor: Actor,
    header: string | undefined,
    query: unknown,
    req: FastifyRequest,
    res: FastifyReply,
  ): Promise<void> {
    const last = header ?? (typeof query === 'string' ? query : undefined);
    await stream.attach(actor, bearerToken(req)!, last, req, res);
  }
}
