/**
 * How a desk process is started so that its resident memory stays low (the api's cluster primary
 * applies it to every api process it forks; `npm start`, the Docker image and compose do the same
 * for the api and the worker).
 *
 * - `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates its own malloc arena (up to 8 per
 *   core), and Node's threads (libuv's pool: zlib, crypto, fs; V8's GC helpers) each keep one
 *   partly used. Two arenas are enough for one JavaScript thread. glibc reads it at process start,
 *   so it must be in the environment of the new process.
 * - `--heap-growing-percent=60`: after a full GC V8 lets the old generation grow by a factor it
 *   picks from the allocation rate (up to 4x the live heap under load, which is where an api process
 *   went from 150 MB idle to 340 MB); a fixed 1.6x keeps it under 200 MB. A tighter 1.3x (with a
 *   smaller young generation, `--max-semi-space-size=8`) saved another 35 MB but cost about 20 %
 *   more CPU per request and longer tails, measured side by side with reads-memory.bench.mjs.
 *
 * Settings given by the operator win: a variable already in the environment, or a flag already on
 * the command line or in NODE_OPTIONS, is left as it is.
 */
export const PROCESS_MEMORY_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
export const PROCESS_MEMORY_FLAGS: readonly string[] = ['--heap-growing-percent=60'];

/** The name of a node/V8 flag (`--heap-growing-percent=60` -> `heap-growing-percent`; `_` as `-`). */
const flagName = (flag: string) => flag.replace(/^--/, '').split('=')[0]!.replace(/_/g, '-');

/**
 * The environment additions and the node arguments for a child process started from a process
 * with `env` and `execArgv`: `execArgv` plus each memory flag the operator has not set already.
 */
export function processMemorySettings(
  env: NodeJS.ProcessEnv,
  execArgv: readonly string[],
): { env: Record<string, string>; execArgv: string[] } {
  const given = new Set(
    [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].filter((a) => a.startsWith('--')).map(flagName),
  );
  const added: Record<string, string> = {};
  for (const [name, value] of Object.entries(PROCESS_MEMORY_ENV)) {
    if (env[name] === undefined || env[name] === '') added[name] = value;
  }
  return {
    env: added,
    execArgv: [...execArgv, ...PROCESS_MEMORY_FLAGS.filter((f) => !given.has(flagName(f)))],
  };
}
