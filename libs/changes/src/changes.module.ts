import { NotificationsModule } from '@desk/notifications';
import { OrgAuthModule } from '@desk/org-auth';
import { Module } from '@nestjs/common';
import { ChangeWindowService } from './change-window.service';
import { ChangeRepository } from './change.repository';
import { ChangeService } from './change.service';

@Module({
  imports: [OrgAuthModule, NotificationsModule],
  providers: [ChangeRepository, ChangeService, ChangeWindowService],
  exports: [ChangeRepository, ChangeService, ChangeWindowService],
})
export class ChangesModule {}
