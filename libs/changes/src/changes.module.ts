import { NotificationsModule } from '@desk/notifications';
import { OrgAuthModule } from '@desk/org-auth';
import { Module } from '@nestjs/common';
import { ChangeAccess } from './change-access';
import { ChangeEditingService } from './change-editing.service';
import { ChangeLifecycleService } from './change-lifecycle.service';
import { ChangeMailer } from './change-mailer';
import { ChangeNoticeRepository } from './change-notice.repository';
import { ChangeQueryService } from './change-query.service';
import { ChangeWindowService } from './change-window.service';
import { ChangeRepository } from './change.repository';
import { ChangeService } from './change.service';

@Module({
  imports: [OrgAuthModule, NotificationsModule],
  providers: [
    ChangeRepository,
    ChangeNoticeRepository,
    ChangeAccess,
    ChangeMailer,
    ChangeQueryService,
    ChangeEditingService,
    ChangeLifecycleService,
    ChangeService,
    ChangeWindowService,
  ],
  exports: [ChangeRepository, ChangeService, ChangeWindowService],
})
export class ChangesModule {}
