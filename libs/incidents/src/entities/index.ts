export * from './incident-parts.entity';
export * from './security-incident.entity';

import {
  SecurityIncidentEvent,
  SecurityIncidentEvidence,
  SecurityIncidentIndicator,
} from './incident-parts.entity';
import { SecurityIncident } from './security-incident.entity';

export const INCIDENT_ENTITIES = [
  SecurityIncident,
  SecurityIncidentEvent,
  SecurityIncidentIndicator,
  SecurityIncidentEvidence,
];
