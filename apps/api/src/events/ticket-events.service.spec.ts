import { Actor, Role, UnitKind } from '@desk/org-auth';
import { TicketChangeMessage } from '@desk/queue';
import { bearerToken } from '../http/auth.guard';
import { canSeeEvent } from './ticket-events.service';

const PD_A = '00000000-0000-4000-8000-00000000000a';
const PD_B = '00000000-0000-4000-8000-00000000000b';
const actor = (roles: Role[], unitId = PD_A, id = 'u1'): Actor => ({
  id,
  name: 'x',
  email: 'x@test.go.id',
  unitId,
  unitKind: UnitKind.Pd,
  roles,
  teamIds: [],
  locale: 'id',
});
const event = (over: Partial<TicketChangeMessage> = {}): TicketChangeMessage => ({
  type: 'ticket.updated',
  ticketId: 't1',
  unitId: PD_A,
  teamId: null,
  requesterId: 'req',
  escalated: false,
  ...over,
});

describe('canSeeEvent (docs/domain.md, "Who sees what" for live events)', () => {
  it('should give a PD its own tickets only, the Dinas escalated ones only, a requester their own', () => {
    expect(canSeeEvent(actor([Role.Tier1]), event())).toBe(true);
    expect(canSeeEvent(actor([Role.Tier1], PD_B), event())).toBe(false);
    expect(canSeeEvent(actor([Role.UnitHead], PD_B), event())).toBe(false);
    expect(canSeeEvent(actor([Role.Tier2], PD_B), event())).toBe(false);
    expect(canSeeEvent(actor([Role.Tier2], PD_B), event({ escalated: true }))).toBe(true);
    expect(canSeeEvent(actor([Role.Supervisor], PD_B), event())).toBe(true);
    expect(canSeeEvent(actor([Role.Requester], PD_A, 'req'), event())).toBe(true);
    expect(canSeeEvent(actor([Role.Requester], PD_A, 'other'), event())).toBe(false);
  });
});

describe('bearerToken', () => {
  it('should take the query token only on routes that allow it, and prefer the header', () => {
    const query = { access_token: 'q' };
    expect(bearerToken({ headers: {}, query })).toBeUndefined();
    expect(bearerToken({ headers: {}, query, queryTokenAllowed: true })).toBe('q');
    expect(bearerToken({ headers: { authorization: 'Bearer h' }, query, queryTokenAllowed: true })).toBe('h');
    expect(bearerToken({ headers: {}, query: { access_token: ['a', 'b'] }, queryTokenAllowed: true })).toBe(
      undefined,
    );
  });
});
