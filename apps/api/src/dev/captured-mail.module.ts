import { AppConfig } from '@desk/config';
import { DynamicModule, Module } from '@nestjs/common';
import { CapturedMailController } from './captured-mail.controller';

/**
 * The development SMTP capture's viewer (`/api/v1/dev/mail`). The api registers it only while the
 * capture runs (MAIL_CAPTURE_DIR set, outside production); otherwise the route does not exist at all
 * and answers 404 like any unknown path. mailparser (a development package) loads on first use.
 */
@Module({})
export class CapturedMailModule {
  static when(config: AppConfig): DynamicModule[] {
    return captureRuns(config) ? [{ module: CapturedMailModule, controllers: [CapturedMailController] }] : [];
  }
}

/** Whether the development mail capture is on: a capture folder, and never in production. */
export function captureRuns(config: AppConfig): boolean {
  return Boolean(config.MAIL_CAPTURE_DIR) && !config.isProduction;
}
