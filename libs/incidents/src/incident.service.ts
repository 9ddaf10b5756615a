import { Actor } from '@desk/org-auth';
import { UploadedFile } from '@desk/tickets';
import { Injectable } from '@nestjs/common';
import {
  AssignIncidentDto,
  BssnReportDto,
  ConvertToIncidentDto,
  IncidentNoteDto,
  IndicatorDto,
  ListIncidentsQuery,
  PhaseDto,
  ReportIncidentDto,
  SeverityDto,
  TlpDto,
} from './dto/incident.dto';
import { IncidentDetailView, IncidentPage, IncidentTimelineEntry } from './dto/incident.view';
import { IncidentEvidenceService } from './incident-evidence.service';
import { IncidentFilingService } from './incident-filing.service';
import { IncidentQueryService } from './incident-query.service';
import { IncidentTriageService } from './incident-triage.service';

/**
 * Security incidents, the one door the controllers and the demo seeder use: filing (report,
 * conversion of a ticket), the confidential reads, the CSIRT's triage and lifecycle, and evidence.
 * Each lives in its own service; this one only hands the call on.
 */
@Injectable()
export class IncidentService {
  constructor(
    private readonly filing: IncidentFilingService,
    private readonly reads: IncidentQueryService,
    private readonly triage: IncidentTriageService,
    private readonly evidence: IncidentEvidenceService,
  ) {}

  report(actor: Actor, dto: ReportIncidentDto): Promise<IncidentDetailView> {
    return this.filing.report(actor, dto);
  }

  convertTicket(actor: Actor, ticketId: string, dto: ConvertToIncidentDto) {
    return this.filing.convertTicket(actor, ticketId, dto);
  }

  list(actor: Actor, query: ListIncidentsQuery): Promise<IncidentPage> {
    return this.reads.list(actor, query);
  }

  get(actor: Actor, id: string): Promise<IncidentDetailView> {
    return this.reads.get(actor, id);
  }

  timeline(actor: Actor, id: string): Promise<IncidentTimelineEntry[]> {
    return this.reads.timeline(actor, id);
  }

  liveBacklog(actor: Actor, afterEventId: string, limit?: number) {
    return this.reads.liveBacklog(actor, afterEventId, limit);
  }

  changePhase(actor: Actor, id: string, dto: PhaseDto): Promise<IncidentDetailView> {
    return this.triage.changePhase(actor, id, dto);
  }

  assign(actor: Actor, id: string, dto: AssignIncidentDto): Promise<IncidentDetailView> {
    return this.triage.assign(actor, id, dto);
  }

  addNote(actor: Actor, id: string, dto: IncidentNoteDto): Promise<IncidentDetailView> {
    return this.triage.addNote(actor, id, dto);
  }

  addIndicator(actor: Actor, id: string, dto: IndicatorDto): Promise<IncidentDetailView> {
    return this.triage.addIndicator(actor, id, dto);
  }

  removeIndicator(actor: Actor, id: string, indicatorId: string): Promise<IncidentDetailView> {
    return this.triage.removeIndicator(actor, id, indicatorId);
  }

  setTlp(actor: Actor, id: string, dto: TlpDto): Promise<IncidentDetailView> {
    return this.triage.setTlp(actor, id, dto);
  }

  changeSeverity(actor: Actor, id: string, dto: SeverityDto): Promise<IncidentDetailView> {
    return this.triage.changeSeverity(actor, id, dto);
  }

  setBssnReport(actor: Actor, id: string, dto: BssnReportDto): Promise<IncidentDetailView> {
    return this.triage.setBssnReport(actor, id, dto);
  }

  async addEvidence(actor: Actor, id: string, file: UploadedFile): Promise<IncidentDetailView> {
    await this.evidence.addEvidence(actor, id, file);
    return this.reads.get(actor, id);
  }

  openEvidence(actor: Actor, id: string, evidenceId: string) {
    return this.evidence.openEvidence(actor, id, evidenceId);
  }
}
