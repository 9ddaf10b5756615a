import { RefreshingValue } from './refreshing-value';

describe('RefreshingValue', () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('should share one load between concurrent first readers', async () => {
    let loads = 0;
    const value = new RefreshingValue(async () => ++loads, 1000);
    expect(await Promise.all([value.get(), value.get(), value.get()])).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
  });

  it('should answer a stale read at once with the old value and reload in the background', async () => {
    let version = 0;
    let pending = deferred<number>();
    const value = new RefreshingValue(() => pending.promise, 0);
    const first = value.get();
    pending.resolve(++version);
    expect(await first).toBe(1);
    pending = deferred<number>();
    // The reload has not finished (it would block a reader holding the last pool connection).
    expect(await value.get()).toBe(1);
    pending.resolve(++version);
    await pending.promise;
    await new Promise((r) => setImmediate(r));
    expect(await value.get()).toBe(2);
  });

  it('should make the next read wait for fresh data after invalidate, even while an old load runs', async () => {
    let pending = deferred<string>();
    const value = new RefreshingValue(() => pending.promise, 60_000);
    const old = pending;
    const before = value.get();
    value.invalidate();
    pending = deferred<string>();
    const after = value.get();
    old.resolve('before the change');
    pending.resolve('after the change');
    expect(await before).toBe('before the change');
    expect(await after).toBe('after the change');
    expect(await value.get()).toBe('after the change');
  });

  it('should retry a failed load on the next read', async () => {
    let fail = true;
    const value = new RefreshingValue(async () => {
      if (fail) throw new Error('database down');
      return 'ok';
    }, 1000);
    await expect(value.get()).rejects.toThrow('database down');
    fail = false;
    expect(await value.get()).toBe('ok');
  });
});
