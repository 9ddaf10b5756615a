import { Actor, OrgService, UserContactDto } from '@desk/org-auth';
import {
  BulkActionDto,
  CreateLinkDto,
  CreateOverviewDto,
  CreateReplyTemplateDto,
  ListReplyTemplatesQuery,
  ReplyTemplateService,
  TicketBulkService,
  TicketLinkService,
  TicketOverviewService,
  TicketService,
  TicketView,
  UpdateReplyTemplateDto,
} from '@desk/tickets';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { Returns, ReturnsList } from '../openapi/contracts';

const ticketId = uuidParam('Ticket');

/** Agents' daily tools around tickets: numbers, links, bulk actions. */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketToolsController {
  constructor(
    private readonly tickets: TicketService,
    private readonly links: TicketLinkService,
    private readonly bulk: TicketBulkService,
  ) {}

  @Get('by-number/:number')
  @ApiOperation({ summary: 'A ticket by its number (TIK-2026-000033), per visibility' })
  @Returns('Ticket')
  byNumber(@CurrentActor() actor: Actor, @Param('number') number: string): Promise<TicketView> {
    return this.tickets.getByNumber(actor, number);
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'One action on 1..100 tickets, each judged by its own rules' })
  @Returns('BulkResults')
  bulkAction(@CurrentActor() actor: Actor, @Body() dto: BulkActionDto) {
    return this.bulk.run(actor, dto);
  }

  @Get(':id/links')
  @ApiOperation({ summary: "A ticket's links to tickets the caller can see (agents)" })
  @ReturnsList('TicketLink')
  listLinks(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string) {
    return this.links.list(actor, id);
  }

  @Post(':id/links')
  @ApiOperation({ summary: 'Link this ticket: duplicate_of, related or child_of another one' })
  @Returns('TicketLink')
  createLink(@CurrentActor() actor: Actor, @Param('id', ticketId) id: string, @Body() dto: CreateLinkDto) {
    return this.links.create(actor, id, dto);
  }

  @Delete(':id/links/:linkId')
  @HttpCode(204)
  async removeLink(
    @CurrentActor() actor: Actor,
    @Param('id', ticketId) id: string,
    @Param('linkId', uuidParam('Link')) linkId: string,
  ): Promise<void> {
    await this.links.remove(actor, id, linkId);
  }
}

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('reply-templates')
export class ReplyTemplatesController {
  constructor(private readonly templates: ReplyTemplateService) {}

  @Get()
  @ApiOperation({ summary: 'Reply templates I may use; with ticketId, each also rendered for that ticket' })
  @ReturnsList('ReplyTemplate')
  list(@CurrentActor() actor: Actor, @Query() query: ListReplyTemplatesQuery) {
    return this.templates.list(actor, query.ticketId);
  }

  @Post()
  @Returns('ReplyTemplate')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateReplyTemplateDto) {
    return this.templates.create(actor, dto);
  }

  @Patch(':id')
  @Returns('ReplyTemplate')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('Reply template')) id: string,
    @Body() dto: UpdateReplyTemplateDto,
  ) {
    return this.templates.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', uuidParam('Reply template')) id: string) {
    await this.templates.remove(actor, id);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('users/me/contact')
export class ContactController {
  constructor(private readonly org: OrgService) {}

  @Patch()
  @ApiOperation({ summary: 'Change my phone number and location (room, floor)' })
  @Returns('User')
  update(@CurrentActor() actor: Actor, @Body() dto: UserContactDto) {
    return this.org.updateContact(actor.id, dto);
  }
}

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('ticket-overviews')
export class TicketOverviewsController {
  constructor(private readonly overviews: TicketOverviewService) {}

  @Get()
  @ApiOperation({ summary: 'My saved ticket filters (agents)' })
  @ReturnsList('TicketOverview')
  list(@CurrentActor() actor: Actor) {
    return this.overviews.list(actor);
  }

  @Post()
  @Returns('TicketOverview')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOverviewDto) {
    return this.overviews.create(actor, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', uuidParam('Overview')) id: string) {
    await this.overviews.remove(actor, id);
  }
}
