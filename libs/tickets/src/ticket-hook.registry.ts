import { Injectable } from '@nestjs/common';
import {
  TicketChangeContext,
  TicketCreatePlan,
  TicketDraft,
  TicketLifecycleHook,
} from './ticket-lifecycle.hook';
import type { TicketPatch } from './ticket.rows';

/**
 * The lifecycle hooks of the tickets lib (the SLA engine, the search index, ticket links): registered
 * at module init, run inside the transaction of every ticket change, filing included.
 */
@Injectable()
export class TicketHookRegistry {
  private readonly hooks: TicketLifecycleHook[] = [];

  register(hook: TicketLifecycleHook): void {
    this.hooks.push(hook);
  }

  /** The columns and insert CTEs every hook adds to a ticket being filed. */
  async planCreate(draft: TicketDraft) {
    const columns: NonNullable<TicketCreatePlan['columns']> = {};
    const ctes: NonNullable<TicketCreatePlan['ctes']>[] = [];
    for (const hook of this.hooks) {
      const plan = await hook.planCreate?.(draft);
      if (plan?.columns) Object.assign(columns, plan.columns);
      if (plan?.ctes) ctes.push(plan.ctes);
    }
    return { columns, ctes };
  }

  /**
   * Runs the hooks in order on a change; each sees the columns the earlier ones added. Returns the
   * patch with every hook's columns merged in.
   */
  async onChange(ctx: Omit<TicketChangeContext, 'after'>, patch: TicketPatch): Promise<TicketPatch> {
    for (const hook of this.hooks) {
      const after = { ...ctx.before, ...patch } as TicketChangeContext['after'];
      const extra = await hook.onChange?.({ ...ctx, after });
      if (extra) Object.assign(patch, extra);
    }
    return patch;
  }
}
