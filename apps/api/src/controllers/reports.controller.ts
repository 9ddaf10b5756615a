import { Actor, Role } from '@desk/org-auth';
import { localDate, SlaReportQuery, slaReportCsv, SlaReportService, SlaReportView } from '@desk/reports';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../http/auth.guard';

@ApiTags('reports')
@ApiBearerAuth()
@Roles(Role.Supervisor, Role.UnitHead)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: SlaReportService) {}

  @Get('sla')
  @ApiOperation({
    summary: 'SLA report for a period and a scope (supervisors: any; PD heads: their own PD)',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SlaReportView, description: 'JSON, or with format=csv the same figures as CSV' })
  async sla(
    @CurrentActor() actor: Actor,
    @Query() query: SlaReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SlaReportView | string> {
    const report = await this.reports.forActor(actor, query);
    if (query.format !== 'csv') return report;
    const day = localDate(report.period.from, report.period.timezone);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="laporan-sla-${day}.csv"`);
    return slaReportCsv(report);
  }
}
