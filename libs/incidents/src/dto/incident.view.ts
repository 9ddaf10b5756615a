/** The response shapes live in the contracts lib, shared with the web. */
export type {
  IncidentDetailView,
  IncidentEvidenceView,
  IncidentIndicatorView,
  IncidentPage,
  IncidentTimelineEntry,
  IncidentView,
} from '@desk/contracts';
