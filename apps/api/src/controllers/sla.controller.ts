import { Role } from '@desk/org-auth';
import {
  BusinessCalendarService,
  CalendarDto,
  CreateSlaPolicyDto,
  SlaPolicyService,
  UpdateSlaPolicyDto,
} from '@desk/sla';
import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { Returns, ReturnsList } from '../openapi/contracts';

@ApiTags('sla')
@ApiBearerAuth()
@Controller()
export class SlaController {
  constructor(
    private readonly policies: SlaPolicyService,
    private readonly calendar: BusinessCalendarService,
  ) {}

  @Roles(Role.Admin)
  @Get('sla-policies')
  @ReturnsList('SlaPolicy')
  listPolicies() {
    return this.policies.list();
  }

  @Roles(Role.Admin)
  @Post('sla-policies')
  @Returns('SlaPolicy')
  createPolicy(@Body() dto: CreateSlaPolicyDto) {
    return this.policies.create(dto);
  }

  @Roles(Role.Admin)
  @Get('sla-policies/:id')
  @Returns('SlaPolicy')
  getPolicy(@Param('id', uuidParam('SLA policy')) id: string) {
    return this.policies.get(id);
  }

  @Roles(Role.Admin)
  @Patch('sla-policies/:id')
  @Returns('SlaPolicy')
  updatePolicy(@Param('id', uuidParam('SLA policy')) id: string, @Body() dto: UpdateSlaPolicyDto) {
    return this.policies.update(id, dto);
  }

  /** Agents see the working calendar (due times follow it); admins change it. */
  @Roles(Role.Admin, Role.Tier1, Role.Tier2, Role.Supervisor, Role.UnitHead, Role.Csirt)
  @Get('calendar')
  @Returns('BusinessCalendar')
  getCalendar() {
    return this.calendar.get();
  }

  @Roles(Role.Admin)
  @Put('calendar')
  @Returns('BusinessCalendar')
  putCalendar(@Body() dto: CalendarDto) {
    return this.calendar.put(dto);
  }
}
