import { TenantScope } from '../../db/tenant';
import { mayHear, parseTicketChanged, type TicketChanged } from './live-event';

const ORG_A = '11111111-1111-4111-8111-111111111111';
const ORG_B = '22222222-2222-4222-8222-222222222222';
const TICKET = '33333333-3333-4333-8333-333333333333';

const change = (over: Partial<TicketChanged> = {}): TicketChanged => ({
  kind: 'ticket',
  id: TICKET,
  number: 'INC0000001',
  organizationId: ORG_A,
  ...over,
});

describe('parseTicketChanged', () => {
  it('reads what the triggers send', () => {
    expect(parseTicketChanged(JSON.stringify({ k: 'ticket', id: TICKET, n: 'INC0000001', o: ORG_A }))).toEqual(change());
    expect(parseTicketChanged(JSON.stringify({ k: 'note', id: TICKET, o: null }))).toEqual(
      change({ kind: 'note', number: null, organizationId: null }),
    );
    expect(parseTicketChanged(JSON.stringify({ k: 'process', id: TICKET, o: ORG_B }))).toEqual(
      change({ kind: 'process', number: null, organizationId: ORG_B }),
    );
    expect(parseTicketChanged(JSON.stringify({ k: 'chat', id: TICKET, o: ORG_A }))).toEqual(change({ kind: 'chat', number: null }));
    expect(parseTicketChanged(JSON.stringify({ k: 'typing', id: TICKET, o: ORG_A, w: 'visitor' }))).toEqual(
      change({ kind: 'typing', number: null, who: 'visitor' }),
    );
  });

  it.each([
    ['not JSON', 'INC1'],
    ['an unknown kind', JSON.stringify({ k: 'mail', id: TICKET })],
    ['a ticket id that is no uuid', JSON.stringify({ k: 'ticket', id: "1' or 1=1" })],
    ['an organisation that is no uuid', JSON.stringify({ k: 'ticket', id: TICKET, o: 'all' })],
    ['an oversized payload', JSON.stringify({ k: 'ticket', id: TICKET, n: 'x'.repeat(2000) })],
    ['a number that is not text', JSON.stringify({ k: 'ticket', id: TICKET, n: 7 })],
    ['typing by nobody we know', JSON.stringify({ k: 'typing', id: TICKET, w: 'bot' })],
  ])('ignores %s (anyone connected may NOTIFY)', (_what, payload) => {
    expect(parseTicketChanged(payload)).toBeNull();
  });
});

describe('mayHear', () => {
  const requesterOfA = TenantScope.of([ORG_A], false);
  const staffServingB = TenantScope.of([ORG_B], true);

  it("tells a customer's people of their own organisation's tickets only", () => {
    expect(mayHear(requesterOfA, false, change())).toBe(true);
    expect(mayHear(requesterOfA, false, change({ organizationId: ORG_B }))).toBe(false);
    expect(mayHear(requesterOfA, false, change({ organizationId: null }))).toBe(false);
  });

  it('keeps internal notes to staff', () => {
    expect(mayHear(requesterOfA, false, change({ kind: 'note' }))).toBe(false);
    expect(mayHear(requesterOfA, false, change({ kind: 'reply' }))).toBe(true);
    expect(mayHear(TenantScope.of([ORG_A], true), true, change({ kind: 'note' }))).toBe(true);
  });

  it('keeps chat hints off customers’ ticket streams (a visitor hears their chat on its own stream)', () => {
    expect(mayHear(requesterOfA, false, change({ kind: 'chat' }))).toBe(false);
    expect(mayHear(requesterOfA, false, change({ kind: 'typing', who: 'agent' }))).toBe(false);
    expect(mayHear(TenantScope.of([ORG_A], true), true, change({ kind: 'chat' }))).toBe(true);
  });

  it('tells staff of the organisations they serve and of internal tickets', () => {
    expect(mayHear(staffServingB, true, change({ organizationId: ORG_B }))).toBe(true);
    expect(mayHear(staffServingB, true, change({ organizationId: null }))).toBe(true);
    expect(mayHear(staffServingB, true, change())).toBe(false);
    expect(mayHear(TenantScope.all('admin'), true, change())).toBe(true);
  });
});
