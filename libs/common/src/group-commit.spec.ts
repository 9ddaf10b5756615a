import { GroupCommit } from './group-commit';

/** A statement that waits until the test lets it finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('GroupCommit', () => {
  it('should run a lone item at once, alone', async () => {
    const calls: string[][] = [];
    const commit = new GroupCommit<string, string>({
      maxInFlight: 1,
      maxBatch: 8,
      many: async (items) => (calls.push(items), items.map((i) => i.toUpperCase())),
      one: async (item) => (calls.push([item]), item.toUpperCase()),
    });
    await expect(commit.run('a')).resolves.toBe('A');
    expect(calls).toEqual([['a']]);
  });

  it('should put the items that wait into one statement, each getting its own result', async () => {
    const calls: string[][] = [];
    const first = gate();
    const commit = new GroupCommit<string, string>({
      maxInFlight: 1,
      maxBatch: 3,
      many: async (items) => (calls.push(items), items.map((i) => i.toUpperCase())),
      one: async (item) => {
        calls.push([item]);
        if (item === 'a') await first.opened;
        return item.toUpperCase();
      },
    });
    const results = ['a', 'b', 'c', 'd', 'e'].map((i) => commit.run(i));
    first.open();
    await expect(Promise.all(results)).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
    // 'a' alone; then at most maxBatch of those that waited, then the rest.
    expect(calls).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('should run each item of a failed statement again alone, so that only the bad one fails', async () => {
    const first = gate();
    const commit = new GroupCommit<string, string>({
      maxInFlight: 1,
      maxBatch: 8,
      many: async (items) => {
        if (items.includes('bad')) throw new Error('refused');
        return items;
      },
      one: async (item) => {
        if (item === 'a') await first.opened;
        if (item === 'bad') throw new Error(`refused ${item}`);
        return item;
      },
    });
    const results = ['a', 'b', 'bad', 'c'].map((i) => commit.run(i));
    first.open();
    const settled = await Promise.allSettled(results);
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'b',
      'refused bad',
      'c',
    ]);
  });
});
