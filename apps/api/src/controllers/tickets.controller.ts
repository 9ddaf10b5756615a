import { DomainError, JsonText } from '@desk/common';
import { Actor } from '@desk/org-auth';
import {
  ActionDto,
  AssignDto,
  CreateCommentDto,
  CreateTicketDto,
  EscalateDto,
  ListTicketsQuery,
  UploadedFile as Upload,
  PendDto,
  RatingDto,
  ReasonDto,
  ResolveDto,
  ReturnDto,
  TicketAction,
  TicketPage,
  TicketService,
  TicketView,
  UpdateTicketDto,
} from '@desk/tickets';
import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { AcceptsUpload, UploadedFile } from '../http/uploads';
import { Returns, ReturnsFile, ReturnsList, ReturnsUnchecked } from '../openapi/contracts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const ticketId = uuidParam('Ticket');
const JSON_UTF8 = 'application/json; charset=utf-8';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketService) {}

  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key return the first ticket',
  })
  @Returns('Ticket')
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateTicketDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<TicketView> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw DomainError.invalidField('Idempotency-Key', 'must be 1-200 visible ASCII characters');
    }
    return this.tickets.create(actor, dto, key);
  }

  // The hot reads answer the JSON PostgreSQL wrote (docs/read-path-performance.md).
  @Get()
  @Header('Content-Type', JSON_UTF8)
  @Returns('TicketPage')
  list(@CurrentActor() actor: Actor, @Query() query: ListTicketsQuery): Promise<JsonText<TicketPage>> {
    return this.tickets.listJson(actor, query);
  }

  @Get(':id')
  @Header('Content-Type', JSON_UTF8)
  @Returns('Ticket')
  get(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string): Promise<JsonText<TicketView>> {
    return this.tickets.getJson(actor, id);
  }

  @Patch(':id')
  @Returns('Ticket')
  update(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: UpdateTicketDto) {
    return this.tickets.update(actor, id, dto);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Returns('Ticket')
  assign(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: AssignDto) {
    return this.tickets.act(actor, id, TicketAction.Assign, dto);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Returns('Ticket')
  claim(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: ActionDto) {
    return this.tickets.act(actor, id, TicketAction.Claim, dto);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Returns('Ticket')
  start(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: ActionDto) {
    return this.tickets.act(actor, id, TicketAction.Start, dto);
  }

  @Post(':id/pend')
  @HttpCode(200)
  @Returns('Ticket')
  pend(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: PendDto) {
    return this.tickets.act(actor, id, TicketAction.Pend, dto);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Returns('Ticket')
  resume(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: ActionDto) {
    return this.tickets.act(actor, id, TicketAction.Resume, dto);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Returns('Ticket')
  resolve(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: ResolveDto) {
    return this.tickets.act(actor, id, TicketAction.Resolve, dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Returns('Ticket')
  reopen(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: ReasonDto) {
    return this.tickets.act(actor, id, TicketAction.Reopen, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Returns('Ticket')
  close(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: ActionDto) {
    return this.tickets.act(actor, id, TicketAction.Close, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Returns('Ticket')
  cancel(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: ReasonDto) {
    return this.tickets.act(actor, id, TicketAction.Cancel, dto);
  }

  /** Tier 1 of the ticket's PD (or a supervisor) hands the ticket to a Tier 2 team's queue. */
  @Post(':id/escalate')
  @HttpCode(200)
  @Returns('Ticket')
  escalate(
    @CurrentActor() actor: Actor,
    @Param('id', ticketId) id: string,
    @Body() dto: EscalateDto,
  ): Promise<TicketView> {
    return this.tickets.escalate(actor, id, dto);
  }

  /** Tier 2 of the ticket's team (or a supervisor) sends the ticket back to the PD's Tier 1 desk. */
  @Post(':id/return')
  @HttpCode(200)
  @Returns('Ticket')
  returnToTier1(
    @CurrentActor() actor: Actor,
    @Param('id', ticketId) id: string,
    @Body() dto: ReturnDto,
  ): Promise<TicketView> {
    return this.tickets.act(actor, id, TicketAction.Return, dto);
  }

  @Get(':id/escalations')
  @ReturnsList('Escalation')
  escalations(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string) {
    return this.tickets.escalationHistory(actor, id);
  }

  @Post(':id/comments')
  @ReturnsUnchecked('CreatedComment')
  addComment(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: CreateCommentDto) {
    return this.tickets.addComment(actor, id, dto);
  }

  @Get(':id/comments')
  @ReturnsList('Comment')
  comments(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string) {
    return this.tickets.comments(actor, id);
  }

  @Get(':id/history')
  @ReturnsList('HistoryEvent')
  history(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string) {
    return this.tickets.history(actor, id);
  }

  @Post(':id/rating')
  @HttpCode(200)
  @Returns('Ticket')
  rate(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: RatingDto) {
    return this.tickets.rate(actor, id, dto);
  }

  @Post(':id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, internal: { type: 'boolean' } },
    },
  })
  @AcceptsUpload()
  @Returns('Attachment')
  addAttachment(
    @CurrentActor() actor: Actor,
    @Param('id', ticketId) id: string,
    @UploadedFile() file: Upload | undefined,
    @Body('internal') internal?: string,
  ) {
    if (!file) throw DomainError.invalidField('file', 'a file is required (multipart field "file")');
    return this.tickets.addAttachment(actor, id, file, internal === 'true');
  }

  @Get(':id/attachments')
  @ReturnsList('Attachment')
  attachments(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string) {
    return this.tickets.attachments(actor, id);
  }

  @Get(':id/attachments/:attachmentId')
  @ReturnsFile('application/octet-stream')
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ticketId) id: string,
    @Param('attachmentId', uuidParam('Attachment')) attachmentId: string,
  ): Promise<StreamableFile> {
    const file = await this.tickets.openAttachment(actor, id, attachmentId);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      length: file.sizeBytes,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }
}
