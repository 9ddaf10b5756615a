// Every migration, in order. Listed explicitly (no globs) so bundled builds find them too.
// A merged migration is never edited: add a new one.
import { InitialSchema1795333273238 } from './1795333273238-InitialSchema';
import { TicketNumbersAuditAndOutboxSignals1795333274238 } from './1795333274238-TicketNumbersAuditAndOutboxSignals';
import { AddTicketEscalation1795400000000 } from './1795400000000-AddTicketEscalation';
import { SlaEngine1795500000000 } from './1795500000000-SlaEngine';
import { CreateMailOutbox1795600000000 } from './1795600000000-CreateMailOutbox';
import { CreateReportSubscriptions1795610000000 } from './1795610000000-CreateReportSubscriptions';
import { AddSlaReportIndexes1795620000000 } from './1795620000000-AddSlaReportIndexes';
import { CoverSlaReportIndexes1795630000000 } from './1795630000000-CoverSlaReportIndexes';
import { AddSlaClockReportIndexes1795640000000 } from './1795640000000-AddSlaClockReportIndexes';
import { OpenTicketQueueIndexes1795800000000 } from './1795800000000-OpenTicketQueueIndexes';
import { PageSlaTimerIndex1795900000000 } from './1795900000000-PageSlaTimerIndex';
import { AllowUnroutedCategories1796000000000 } from './1796000000000-AllowUnroutedCategories';
import { SessionVersionsAndPasswordResets1796100000000 } from './1796100000000-SessionVersionsAndPasswordResets';
import { TicketIdempotencyHash1796110000000 } from './1796110000000-TicketIdempotencyHash';
import { CreateSecurityIncidents1796200000000 } from './1796200000000-CreateSecurityIncidents';
import { CreateKnowledgeBase1796300000000 } from './1796300000000-CreateKnowledgeBase';
import { KnowledgeBaseTitleVector1796310000000 } from './1796310000000-KnowledgeBaseTitleVector';
import { ChangeAndProblemManagement1796400000000 } from './1796400000000-ChangeAndProblemManagement';
import { DeskAgentTools1796500000000 } from './1796500000000-DeskAgentTools';
import { TicketSearch1796510000000 } from './1796510000000-TicketSearch';
import { AddTicketEventReason1796550000000 } from './1796550000000-AddTicketEventReason';
import { IndexIncidentOutboxEvents1796750000000 } from './1796750000000-IndexIncidentOutboxEvents';
import { IndexRecordOutboxEvents1796820000000 } from './1796820000000-IndexRecordOutboxEvents';
import { RouteEscalationsOnInsert1796900000000 } from './1796900000000-RouteEscalationsOnInsert';
import { KnowledgeBaseSearchSpeed1797300000000 } from './1797300000000-KnowledgeBaseSearchSpeed';
import { KnowledgeBaseTitleWordPrefix1797400000000 } from './1797400000000-KnowledgeBaseTitleWordPrefix';
import { LinkIncidentsAndKnownErrorArticles1796420000000 } from './1796420000000-LinkIncidentsAndKnownErrorArticles';

export const MIGRATIONS = [
  InitialSchema1795333273238,
  TicketNumbersAuditAndOutboxSignals1795333274238,
  AddTicketEscalation1795400000000,
  SlaEngine1795500000000,
  CreateMailOutbox1795600000000,
  CreateReportSubscriptions1795610000000,
  AddSlaReportIndexes1795620000000,
  CoverSlaReportIndexes1795630000000,
  AddSlaClockReportIndexes1795640000000,
  OpenTicketQueueIndexes1795800000000,
  PageSlaTimerIndex1795900000000,
  AllowUnroutedCategories1796000000000,
  SessionVersionsAndPasswordResets1796100000000,
  TicketIdempotencyHash1796110000000,
  CreateSecurityIncidents1796200000000,
  CreateKnowledgeBase1796300000000,
  KnowledgeBaseTitleVector1796310000000,
  ChangeAndProblemManagement1796400000000,
  LinkIncidentsAndKnownErrorArticles1796420000000,
  DeskAgentTools1796500000000,
  TicketSearch1796510000000,
  AddTicketEventReason1796550000000,
  IndexIncidentOutboxEvents1796750000000,
  IndexRecordOutboxEvents1796820000000,
  RouteEscalationsOnInsert1796900000000,
  KnowledgeBaseSearchSpeed1797300000000,
  KnowledgeBaseTitleWordPrefix1797400000000,
];
