import 'reflect-metadata';
import { ConfigError, loadConfig } from '@desk/config';
import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { closeOnSignal, runPrimary } from './cluster';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Several api processes on one port (API_PROCESSES, default one per core): this process only
  // supervises them and never loads the application.
  const processes = config.apiProcesses;
  if (processes > 1 && cluster.isPrimary) return runPrimary(config, processes);

  const { createApiApp } = await import('./app.factory');
  const app = await createApiApp(config, undefined, { shutdownHooks: false });
  const logger = new Logger('api');
  closeOnSignal(
    () => app.close(),
    (message) => logger.log(message),
  );
  await app.listen(config.PORT, config.HOST);
  logger.log(`api listening on ${config.appUrl}`);
}

void main();
