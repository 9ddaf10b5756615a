import {
  CalendarQuery,
  ChangePhaseDto,
  ChangeService,
  CreateChangeDto,
  ListChangesQuery,
  UpdateChangeDto,
} from '@desk/changes';
import { Actor } from '@desk/org-auth';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { Returns } from '../openapi/contracts';

const changeId = uuidParam('Change');

@ApiTags('changes')
@ApiBearerAuth()
@Controller('changes')
export class ChangesController {
  constructor(private readonly changes: ChangeService) {}

  @Post()
  @Returns('Change')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateChangeDto) {
    return this.changes.create(actor, dto);
  }

  @Get()
  @Returns('ChangeList')
  async list(@CurrentActor() actor: Actor, @Query() query: ListChangesQuery) {
    return { items: await this.changes.list(actor, query) };
  }

  /** Declared before `:id` so `calendar` is not read as an id. */
  @Get('calendar')
  @Returns('ChangeCalendar')
  calendar(@CurrentActor() actor: Actor, @Query() query: CalendarQuery) {
    return this.changes.calendar(actor, query);
  }

  @Get(':id')
  @Returns('Change')
  get(@CurrentActor() actor: Actor, @Param('id', changeId) id: string) {
    return this.changes.get(actor, id);
  }

  @Patch(':id')
  @Returns('Change')
  update(@CurrentActor() actor: Actor, @Param('id', changeId) id: string, @Body() dto: UpdateChangeDto) {
    return this.changes.update(actor, id, dto);
  }

  @Post(':id/phase')
  @HttpCode(200)
  @Returns('Change')
  phase(@CurrentActor() actor: Actor, @Param('id', changeId) id: string, @Body() dto: ChangePhaseDto) {
    return this.changes.movePhase(actor, id, dto);
  }

  @Get(':id/timeline')
  @Returns('ChangeTimeline')
  timeline(@CurrentActor() actor: Actor, @Param('id', changeId) id: string) {
    return this.changes.timeline(actor, id);
  }
}
