import { PROCESS_MEMORY_FLAGS, processMemorySettings } from './process-memory';

describe('processMemorySettings', () => {
  it('should start a child with two malloc arenas and the V8 heap flags after its own arguments', () => {
    const settings = processMemorySettings({}, ['-r', 'ts-node/register']);
    expect(settings.env).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(settings.execArgv).toEqual(['-r', 'ts-node/register', ...PROCESS_MEMORY_FLAGS]);
    expect(settings.execArgv).toContain('--heap-growing-percent=60');
  });

  it("should keep the operator's own values of the variable and of each flag", () => {
    const onCommandLine = processMemorySettings({ MALLOC_ARENA_MAX: '4' }, ['--heap-growing-percent=50']);
    expect(onCommandLine.env).toEqual({});
    expect(onCommandLine.execArgv).toEqual(['--heap-growing-percent=50']);
    // V8 reads `_` and `-` alike in a flag's name.
    const inNodeOptions = processMemorySettings(
      { NODE_OPTIONS: '--heap_growing_percent=80 --enable-source-maps' },
      ['--enable-source-maps'],
    );
    expect(inNodeOptions.execArgv).toEqual(['--enable-source-maps']);
  });

  it('should treat an empty variable as unset', () => {
    expect(processMemorySettings({ MALLOC_ARENA_MAX: '' }, []).env).toEqual({ MALLOC_ARENA_MAX: '2' });
  });
});
