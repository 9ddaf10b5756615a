import { Clock, SystemClock } from '@desk/common';
import { NotificationsModule } from '@desk/notifications';
import { OrgAuthModule } from '@desk/org-auth';
import { Module } from '@nestjs/common';
import { ProblemRepository } from './problem.repository';
import { ProblemService } from './problem.service';

@Module({
  imports: [OrgAuthModule, NotificationsModule],
  providers: [ProblemRepository, ProblemService, { provide: Clock, useClass: SystemClock }],
  exports: [ProblemRepository, ProblemService],
})
export class ProblemsModule {}
