/**
 * A value loaded from the database and kept for `ttlMs`. After that, readers still get the old value
 * at once while one reload runs in the background (stale-while-revalidate); only the very first read,
 * and the first after `invalidate()`, waits for a load, and concurrent readers share it.
 *
 * Why not simply reload when stale: the readers are often inside a transaction, holding a pool
 * connection. A reload needs another one; when every connection is held by such a reader the pool
 * deadlocks until its acquire timeout, and every one of those transactions fails.
 */
export class RefreshingValue<T> {
  private value?: { data: T; at: number };
  private loading?: Promise<T>;
  private generation = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
  ) {}

  async get(): Promise<T> {
    if (this.value) {
      if (Date.now() - this.value.at >= this.ttlMs) void this.reload().catch(() => undefined);
      return this.value.data;
    }
    return this.reload();
  }

  /** The next read waits for a fresh load (after a change made in this process). */
  invalidate(): void {
    this.value = undefined;
    this.loading = undefined;
    this.generation++;
  }

  private reload(): Promise<T> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = this.load().then((data) => {
      // A load started before an invalidate() may hold old data: it serves only its own readers.
      if (generation === this.generation) this.value = { data, at: Date.now() };
      return data;
    });
    this.loading = loading;
    void loading
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      })
      .catch(() => undefined);
    return loading;
  }
}
