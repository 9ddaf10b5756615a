/** How a `GroupCommit` writes: many items in one statement, or one alone. */
export interface GroupCommitOptions<T, R> {
  /** Statements running at once; further items wait and go together in the next one. */
  maxInFlight: number;
  /** Items one statement takes at most. */
  maxBatch: number;
  /** Writes several items in ONE statement (atomic: all or nothing); one result per item, in order. */
  many(items: T[]): Promise<R[]>;
  /** Writes one item alone. */
  one(item: T): Promise<R>;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit without a timer (docs/write-path-performance.md): an item is written at once while
 * fewer than `maxInFlight` statements run; otherwise it waits, and the next statement to start
 * takes up to `maxBatch` waiting items together (one round trip, one commit). A lone item never
 * waits. When a batch fails, nothing of it was written (`many` is one statement), and each of its
 * items is written again alone, so only a bad one fails, with its own error.
 */
export class GroupCommit<T, R> {
  private readonly waiting: Pending<T, R>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  run(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: Pending<T, R>[]): Promise<void> {
    if (batch.length > 1) {
      let results: R[] | null = null;
      try {
        results = await this.options.many(batch.map((p) => p.item));
      } catch {
        // Nothing of the batch was written: each alone below, so only a bad one fails.
      }
      if (results) {
        batch.forEach((p, i) => p.resolve(results[i]));
        return;
      }
    }
    await Promise.all(
      batch.map(async (p) => {
        try {
          p.resolve(await this.options.one(p.item));
        } catch (error) {
          p.reject(error);
        }
      }),
    );
  }
}
