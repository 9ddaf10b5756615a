import { AppConfig } from '@desk/config';
import { runMigrationsLocked } from '@desk/database';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DemoSeeder } from './demo-seeder';

/** Development conveniences at boot: pending migrations, the first admin, the demo data. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Startup');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly seeder: DemoSeeder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.runMigrations) {
      const applied = await runMigrationsLocked(this.dataSource);
      if (applied.length) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    }
    await this.seeder.seed();
  }
}
