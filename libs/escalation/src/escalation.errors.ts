import { DomainError } from '@desk/common';

export const EscalationErrors = {
  teamNotFound: () => DomainError.notFound('Team'),
  notInTeam: () => DomainError.forbidden('Only Tier 2 members of this team can claim from its queue'),
  noDesk: () => DomainError.forbidden('Only Tier 1 technicians of a PD can claim from its desk queue'),
  noQueues: () => DomainError.forbidden('Work queues are for agents: Tier 1, Tier 2 and supervisors'),
};
