import { KnowledgeModule } from '@desk/knowledge';
import { NotificationsModule } from '@desk/notifications';
import { OrgAuthModule } from '@desk/org-auth';
import { Module } from '@nestjs/common';
import { ProblemRepository } from './problem.repository';
import { ProblemService } from './problem.service';

@Module({
  imports: [OrgAuthModule, NotificationsModule, KnowledgeModule],
  providers: [ProblemRepository, ProblemService],
  exports: [ProblemRepository, ProblemService],
})
export class ProblemsModule {}
