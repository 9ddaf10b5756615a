import 'reflect-metadata';
import { ConfigError, loadConfig } from '@desk/config';
import { Logger } from '@nestjs/common';
import { createApiApp } from './app.factory';

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
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
  new Logger('api').log(`api listening on ${config.appUrl}`);
}

void main();
