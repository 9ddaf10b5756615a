import { QueueService } from '@desk/queue';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../http/auth.guard';
import { Returns } from '../openapi/contracts';

/** Liveness and readiness (PostgreSQL and Redis), outside /api/v1 for load balancers. */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    private readonly queues: QueueService,
  ) {}

  @Get('health')
  @HealthCheck()
  @Returns('HealthStatus')
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @Returns('HealthStatus')
  ready() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2000 }),
      async () => {
        const redis = this.indicator.check('redis');
        try {
          await this.queues.ping();
          return redis.up();
        } catch (error) {
          return redis.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
