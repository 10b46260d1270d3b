import { ReplyAddresses } from './reply-addresses';

describe('ReplyAddresses', () => {
  const addresses = new ReplyAddresses('a-server-secret-of-at-least-32-characters', 'desk@flowdesk.example');
  const ticket = { id: '6f1c1d2e-8f6b-4a55-9a0e-5a4b4bd0c001', number: 'INC0001042' };

  it('issues desk+<number>.<token>@domain, which parses back and verifies for its recipient only', () => {
    const address = addresses.addressFor(ticket, 'Tomas@Flowdesk.example');
    expect(address).toMatch(/^desk\+INC0001042\.[0-9a-f]{24}@flowdesk\.example$/);
    const parsed = addresses.parse(address)!;
    expect(parsed.number).toBe('INC0001042');
    expect(addresses.verify(ticket.id, 'tomas@flowdesk.example', parsed.token)).toBe(true);
    expect(addresses.verify(ticket.id, 'marta@flowdesk.example', parsed.token)).toBe(false);
    expect(addresses.verify('6f1c1d2e-8f6b-4a55-9a0e-5a4b4bd0c002', 'tomas@flowdesk.example', parsed.token)).toBe(false);
  });

  it('survives a mail system that lower-cases the local part', () => {
    const address = addresses.addressFor(ticket, 'rita@baltic-retail.example').toLowerCase();
    const parsed = addresses.parse(address)!;
    expect(parsed.number).toBe('INC0001042');
    expect(addresses.verify(ticket.id, 'rita@baltic-retail.example', parsed.token)).toBe(true);
  });

  it.each([
    'desk@flowdesk.example',
    'other+INC0001042.abcdef@flowdesk.example',
    'desk+INC0001042.abcdef@elsewhere.example',
    'desk+INC0001042@flowdesk.example',
    'desk+hello.abc@flowdesk.example',
  ])('does not take %s for a reply address', (address) => expect(addresses.parse(address)).toBeNull());

  it('derives its key from the secret: another secret issues other tokens', () => {
    const other = new ReplyAddresses('another-server-secret-of-32-characters!!', 'desk@flowdesk.example');
    const token = addresses.parse(addresses.addressFor(ticket, 'tomas@flowdesk.example'))!.token;
    expect(other.verify(ticket.id, 'tomas@flowdesk.example', token)).toBe(false);
    expect(addresses.verify(ticket.id, 'tomas@flowdesk.example', token.slice(0, 20))).toBe(false);
  });
});
