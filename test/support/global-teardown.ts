import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, any>).__DESK_SERVICES__;
  if (!services) return;
  await services.redis.stop();
  await services.pg.stop();
  rmSync(services.dir, { recursive: true, force: true });
}
