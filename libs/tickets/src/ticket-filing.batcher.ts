import { GroupCommit } from '@desk/common';
import { Injectable } from '@nestjs/common';
import type { CreateCtes } from './ticket-lifecycle.hook';
import type { NewTicket } from './ticket.rows';
import { TicketRepository } from './ticket.repository';

/** Tickets filed by one statement at most. */
export const FILING_BATCH_MAX = 16;
/** Filing statements running at once (each holds a pooled connection until it commits). */
export const FILING_IN_FLIGHT_MAX = 4;

interface Filing {
  ticket: NewTicket;
  ctes: CreateCtes[];
}

/**
 * Group commit for filing (docs/write-path-performance.md): a filing goes to the database at once
 * while fewer than `FILING_IN_FLIGHT_MAX` filing statements run; otherwise it waits, and the next
 * statement to start files up to `FILING_BATCH_MAX` waiting tickets together (one statement, one
 * commit). So a lone request never waits for a timer, and under load the waiting tickets share
 * one round trip and one WAL flush. Each request still gets its own ticket id (or null when its
 * idempotency key was used). When a batch fails (one bad row fails the whole statement and writes
 * nothing), each of its tickets is filed again alone, so only the bad one fails, with its own error.
 */
@Injectable()
export class TicketFilingBatcher {
  private readonly filings: GroupCommit<Filing, string | null>;

  constructor(repo: TicketRepository) {
    this.filings = new GroupCommit({
      maxInFlight: FILING_IN_FLIGHT_MAX,
      maxBatch: FILING_BATCH_MAX,
      many: (batch) => repo.insertMany(batch),
      one: (f) => repo.insert(f.ticket, f.ctes),
    });
  }

  insert(ticket: NewTicket, ctes: CreateCtes[]): Promise<string | null> {
    return this.filings.run({ ticket, ctes });
  }
}
