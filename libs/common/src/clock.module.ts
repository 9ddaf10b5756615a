import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';

/**
 * The one Clock of a process (api or worker): every module injects this instance, so a test that
 * fixes "now" overrides it once.
 */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
export class ClockModule {}
