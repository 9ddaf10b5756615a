import { ProblemStatus } from './entities/problem.entity';

/**
 * The status a problem may move to: one step along open -> investigating -> known_error ->
 * resolved -> closed. An investigation may end resolved without a known error (no workaround
 * existed), and a resolved problem whose fix did not hold goes back to investigating.
 */
const NEXT: Record<ProblemStatus, ProblemStatus[]> = {
  [ProblemStatus.Open]: [ProblemStatus.Investigating],
  [ProblemStatus.Investigating]: [ProblemStatus.KnownError, ProblemStatus.Resolved],
  [ProblemStatus.KnownError]: [ProblemStatus.Resolved],
  [ProblemStatus.Resolved]: [ProblemStatus.Closed, ProblemStatus.Investigating],
  [ProblemStatus.Closed]: [],
};

export const nextStatuses = (status: ProblemStatus): ProblemStatus[] => NEXT[status];
