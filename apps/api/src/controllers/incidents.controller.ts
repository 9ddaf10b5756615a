import { DomainError } from '@desk/common';
import {
  AssignIncidentDto,
  BssnReportDto,
  ConvertToIncidentDto,
  EvidencePackService,
  IncidentKbDraftService,
  IncidentNoteDto,
  IncidentService,
  IndicatorDto,
  ListIncidentsQuery,
  PhaseDto,
  ReportIncidentDto,
  SeverityDto,
  TlpDto,
} from '@desk/incidents';
import { UploadedFile as Upload } from '@desk/tickets';
import { Actor } from '@desk/org-auth';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../http/auth.guard';
import { uuidParam } from '../http/params';
import { AcceptsUpload, UploadedFile } from '../http/uploads';
import { Returns, ReturnsFile, ReturnsList } from '../openapi/contracts';

const incidentId = uuidParam('Incident');
const ticketId = uuidParam('Ticket');

/** Security incidents. Every route answers 404 to anyone but the reporter, CSIRT and supervisors. */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentService,
    private readonly packs: EvidencePackService,
    private readonly kbDrafts: IncidentKbDraftService,
  ) {}

  @Post()
  @Returns('IncidentDetailView')
  report(@CurrentActor() actor: Actor, @Body() dto: ReportIncidentDto) {
    return this.incidents.report(actor, dto);
  }

  @Get()
  @Returns('IncidentPage')
  list(@CurrentActor() actor: Actor, @Query() query: ListIncidentsQuery) {
    return this.incidents.list(actor, query);
  }

  @Get(':id')
  @Returns('IncidentDetailView')
  get(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string) {
    return this.incidents.get(actor, id);
  }

  @Get(':id/timeline')
  @ReturnsList('IncidentTimelineEntry')
  timeline(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string) {
    return this.incidents.timeline(actor, id);
  }

  @Post(':id/phase')
  @HttpCode(200)
  @Returns('IncidentDetailView')
  phase(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string, @Body() dto: PhaseDto) {
    return this.incidents.changePhase(actor, id, dto);
  }

  /** A closed incident's lessons learned as a CSIRT-only draft article (the same one on a repeat). */
  @Post(':id/kb-draft')
  @Returns('CreatedRef')
  kbDraft(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string) {
    return this.kbDrafts.createDraft(actor, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Returns('IncidentDetailView')
  assign(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string, @Body() dto: AssignIncidentDto) {
    return this.incidents.assign(actor, id, dto);
  }

  @Post(':id/notes')
  @Returns('IncidentDetailView')
  note(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string, @Body() dto: IncidentNoteDto) {
    return this.incidents.addNote(actor, id, dto);
  }

  @Post(':id/indicators')
  @Returns('IncidentDetailView')
  addIndicator(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string, @Body() dto: IndicatorDto) {
    return this.incidents.addIndicator(actor, id, dto);
  }

  @Delete(':id/indicators/:indicatorId')
  @Returns('IncidentDetailView')
  removeIndicator(
    @CurrentActor() actor: Actor,
    @Param('id', incidentId) id: string,
    @Param('indicatorId', uuidParam('Indicator')) indicatorId: string,
  ) {
    return this.incidents.removeIndicator(actor, id, indicatorId);
  }

  @Put(':id/tlp')
  @Returns('IncidentDetailView')
  setTlp(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string, @Body() dto: TlpDto) {
    return this.incidents.setTlp(actor, id, dto);
  }

  /** CSIRT only: the new severity with its reason; a running acknowledgement clock follows it. */
  @Put(':id/severity')
  @Returns('IncidentDetailView')
  setSeverity(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string, @Body() dto: SeverityDto) {
    return this.incidents.changeSeverity(actor, id, dto);
  }

  @Put(':id/bssn-report')
  @Returns('IncidentDetailView')
  setBssn(@CurrentActor() actor: Actor, @Param('id', incidentId) id: string, @Body() dto: BssnReportDto) {
    return this.incidents.setBssnReport(actor, id, dto);
  }

  @Post(':id/evidence')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @AcceptsUpload()
  @Returns('IncidentDetailView')
  addEvidence(
    @CurrentActor() actor: Actor,
    @Param('id', incidentId) id: string,
    @UploadedFile() file: Upload | undefined,
  ) {
    if (!file) throw DomainError.invalidField('file', 'a file is required (multipart field "file")');
    return this.incidents.addEvidence(actor, id, file);
  }

  @Get(':id/evidence/:evidenceId')
  @ReturnsFile('application/octet-stream')
  async evidence(
    @CurrentActor() actor: Actor,
    @Param('id', incidentId) id: string,
    @Param('evidenceId', uuidParam('Evidence')) evidenceId: string,
  ): Promise<StreamableFile> {
    const file = await this.incidents.openEvidence(actor, id, evidenceId);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      length: file.sizeBytes,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  @Get(':id/evidence-pack')
  @ApiProduces('application/zip')
  @ReturnsFile('application/zip')
  async evidencePack(
    @CurrentActor() actor: Actor,
    @Param('id', incidentId) id: string,
  ): Promise<StreamableFile> {
    const pack = await this.packs.build(actor, id);
    return new StreamableFile(pack.zip, {
      type: 'application/zip',
      length: pack.zip.length,
      disposition: `attachment; filename="${pack.fileName}"`,
    });
  }
}

/** `POST /tickets/{id}/convert-to-incident`: here, so the tickets lib never depends on incidents. */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketConversionController {
  constructor(private readonly incidents: IncidentService) {}

  @Post(':id/convert-to-incident')
  @HttpCode(200)
  @Returns('IncidentConversion')
  convert(
    @CurrentActor() actor: Actor,
    @Param('id', ticketId) id: string,
    @Body() dto: ConvertToIncidentDto,
  ) {
    return this.incidents.convertTicket(actor, id, dto);
  }
}
