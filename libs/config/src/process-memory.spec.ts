import { PROCESS_MEMORY_FLAGS, processMemorySettings } from './process-memory';

describe('processMemorySettings', () => {
  it('should start a child with two malloc arenas and the V8 heap flags after its own arguments', () => {
    const settings = processMemorySettings({}, ['-r', 'ts-node/register']);
    expect(settings.env).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(settings.execArgv).toEqual(['-r', 'ts-node/register', ...PROCESS_MEMORY_FLAGS]);
    expect(settings.execArgv).toContain('--max-semi-space-size=8');
  });

  it("should keep the operator's own values of the variable and of each flag", () => {
    const settings = processMemorySettings(
      { MALLOC_ARENA_MAX: '4', NODE_OPTIONS: '--max_semi_space_size=32 --enable-source-maps' },
      ['--heap-growing-percent=50'],
    );
    expect(settings.env).toEqual({});
    expect(settings.execArgv).toEqual(['--heap-growing-percent=50']);
  });

  it('should treat an empty variable as unset', () => {
    expect(processMemorySettings({ MALLOC_ARENA_MAX: '' }, []).env).toEqual({ MALLOC_ARENA_MAX: '2' });
  });
});
