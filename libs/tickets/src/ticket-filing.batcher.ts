import { Injectable } from '@nestjs/common';
import type { CreateCtes } from './ticket-lifecycle.hook';
import type { NewTicket } from './ticket.rows';
import { TicketRepository } from './ticket.repository';

/** Tickets filed by one statement at most. */
export const FILING_BATCH_MAX = 16;
/** Filing statements running at once (each holds a pooled connection until it commits). */
export const FILING_IN_FLIGHT_MAX = 4;

interface Pending {
  ticket: NewTicket;
  ctes: CreateCtes[];
  resolve(id: string | null): void;
  reject(error: unknown): void;
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
  private readonly waiting: Pending[] = [];
  private inFlight = 0;

  constructor(private readonly repo: TicketRepository) {}

  insert(ticket: NewTicket, ctes: CreateCtes[]): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ticket, ctes, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < FILING_IN_FLIGHT_MAX && this.waiting.length) {
      const batch = this.waiting.splice(0, FILING_BATCH_MAX);
      this.inFlight++;
      void this.file(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async file(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      let ids: (string | null)[] | null = null;
      try {
        ids = await this.repo.insertMany(batch.map((p) => ({ ticket: p.ticket, ctes: p.ctes })));
      } catch {
        // Nothing of the batch was written: file each alone below, so only a bad one fails.
      }
      if (ids) {
        batch.forEach((p, i) => p.resolve(ids[i]));
        return;
      }
    }
    await Promise.all(
      batch.map(async (p) => {
        try {
          p.resolve(await this.repo.insert(p.ticket, p.ctes));
        } catch (error) {
          p.reject(error);
        }
      }),
    );
  }
}
