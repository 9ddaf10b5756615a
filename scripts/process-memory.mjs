// The memory settings of libs/config/src/process-memory.ts (two malloc arenas, V8 heap growth) for
// node children started by plain scripts (`npm start`, the benches), kept in step with it: a plain
// script cannot import the TypeScript lib. A value or flag the user set wins.
const MEMORY_ENV = { MALLOC_ARENA_MAX: '2' };
const MEMORY_FLAGS = ['--heap-growing-percent=60'];

const flagName = (f) => f.replace(/^--/, '').split('=')[0].replace(/_/g, '-');

/** The environment (with the memory variables added where unset) and node flags for a child. */
export function withMemorySettings(baseEnv) {
  const env = { ...baseEnv };
  for (const [name, value] of Object.entries(MEMORY_ENV)) if (!env[name]) env[name] = value;
  const given = new Set(
    (env.NODE_OPTIONS ?? '')
      .split(/\s+/)
      .filter((a) => a.startsWith('--'))
      .map(flagName),
  );
  return { env, args: MEMORY_FLAGS.filter((f) => !given.has(flagName(f))) };
}
