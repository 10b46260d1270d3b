import { firstNameOf, ticketPortalUrl } from './ticket-template-values';

describe('template values', () => {
  it.each([
    ['Rita (Baltic Retail)', 'Rita'],
    ['Agnė (network agent)', 'Agnė'],
    ['  Erik   Hansen ', 'Erik'],
    ['Ada', 'Ada'],
    ['visitor@unknown.example', ''],
    ['', ''],
  ])('the first name of %j is %j', (displayName, expected) => {
    expect(firstNameOf(displayName)).toBe(expected);
  });

  it('links a ticket in the portal', () => {
    expect(ticketPortalUrl('https://desk.example', 'INC0001042')).toBe('https://desk.example/portal/tickets/INC0001042');
  });
});
