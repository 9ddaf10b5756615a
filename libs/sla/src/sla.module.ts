import { OrgAuthModule } from '@desk/org-auth';
import { TicketService, TicketsModule } from '@desk/tickets';
import { Module, OnModuleInit } from '@nestjs/common';
import { BusinessCalendarService } from './business-calendar.service';
import { SlaLifecycleHook } from './sla-lifecycle.hook';
import { SlaPolicyService } from './sla-policy.service';
import { SlaTimerService } from './sla-timer.service';
import { SlaRepository } from './sla.repository';

/** The SLA engine; importing it (api and worker) registers its hook on every ticket change. */
@Module({
  imports: [OrgAuthModule, TicketsModule],
  providers: [SlaRepository, BusinessCalendarService, SlaPolicyService, SlaLifecycleHook, SlaTimerService],
  exports: [BusinessCalendarService, SlaPolicyService, SlaTimerService, SlaLifecycleHook],
})
export class SlaModule implements OnModuleInit {
  constructor(
    private readonly tickets: TicketService,
    private readonly hook: SlaLifecycleHook,
  ) {}

  onModuleInit(): void {
    this.tickets.registerHook(this.hook);
  }
}
