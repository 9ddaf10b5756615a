import { Actor, Role } from '@desk/org-auth';
import {
  localDate,
  readerLocale,
  SlaReportQuery,
  slaReportCsv,
  SlaReportService,
  SlaReportView,
  slaReportXlsx,
} from '@desk/reports';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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
  @ApiProduces(
    'application/json',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  )
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/SlaReport' } },
      'text/csv': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
    description:
      'JSON; with format=csv the same figures as CSV for the reader’s spreadsheet (Indonesian: BOM, `;`, decimal commas, local times); with format=xlsx as a workbook',
  })
  async sla(
    @CurrentActor() actor: Actor,
    @Query() query: SlaReportQuery,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SlaReportView | string | StreamableFile> {
    const report = await this.reports.forActor(actor, query);
    if (query.format !== 'csv' && query.format !== 'xlsx') return report;
    const day = localDate(report.period.from, report.period.timezone);
    const locale = readerLocale(actor.locale);
    const name = locale === 'en' ? 'sla-report' : 'laporan-sla';
    if (query.format === 'xlsx') {
      res.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.header('Content-Disposition', `attachment; filename="${name}-${day}.xlsx"`);
      return new StreamableFile(await slaReportXlsx(report, locale));
    }
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="${name}-${day}.csv"`);
    return slaReportCsv(report, locale);
  }
}
