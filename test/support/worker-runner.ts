// Runs the real worker in a child process, straight from TypeScript, so tests can SIGKILL it:
//   node -r ts-node/register/transpile-only -r tsconfig-paths/register test/support/worker-runner.ts
// Configuration comes from the environment, as in production (see test/support/worker-process.ts).
import 'reflect-metadata';
import { loadConfig } from '@desk/config';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../../apps/worker/src/worker.module';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(loadConfig()), {
    logger: ['error', 'warn'],
  });
  await app.init();
  console.log('worker started');
}

void main();
