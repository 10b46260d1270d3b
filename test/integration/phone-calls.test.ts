import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { phoneSignature } from '../../service-catalog/chat/domain/phone-calls';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { TicketEntry } from '../../service-catalog/tickets/domain/ticket-entry.entity';
import { TestSystem } from '../support/test-system';

/**
 * The telephony webhook (issue 25) on real servers: a signed call event opens a ticket on the phone channel
 * for the caller matched by number, later events of the call are notes on it, a replayed event changes
 * nothing, and a forged signature, a stale timestamp or an unknown line is refused.
 */
describe('telephony webhook', () => {
  let system: TestSystem;
  let line: { id: string; secret: string };
  const number = `+370 600 ${String(Date.now()).slice(-5)}`;
  const caller = `phone-caller-${String(Date.now()).slice(-6)}`;

  beforeAll(async () => {
    system = await TestSystem.start();
    const em = system.adminEm();
    const baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    // A Baltic requester of this file's own calls from this number: one with no open ticket yet (other
    // files leave tickets open for the demo requesters, and a call lands on the caller's open ticket).
    const made = await system.injectAs('admin', {
      method: 'POST',
      url: '/users',
      payload: {
        username: caller,
        displayName: 'Caller on the phone',
        email: `${caller}@baltic-retail.example`,
        password: 'caller-pass-1',
        roles: ['requester'],
        organizationId: baltic,
        phone: number,
      },
    });
    expect(made.statusCode).toBe(201);
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/phone-lines',
      payload: { organizationId: baltic, name: 'Baltic PBX' },
    });
    expect(created.statusCode).toBe(201);
    line = created.result as { id: string; secret: string };
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  const post = (body: object, opts: { secret?: string; timestamp?: number; lineId?: string } = {}) => {
    const raw = JSON.stringify(body);
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    return system.server.inject({
      method: 'POST',
      url: '/phone/events',
      headers: {
        'content-type': 'application/json',
        'x-flowdesk-line': opts.lineId ?? line.id,
        'x-flowdesk-timestamp': timestamp,
        'x-flowdesk-signature': phoneSignature(opts.secret ?? line.secret, timestamp, raw),
      },
      payload: raw,
    });
  };

  it('opens the caller’s ticket on the phone channel and notes the call’s later events on it, once each', async () => {
    const callId = `call-${Date.now()}`;
    const started = await post({ callId, event: 'started', callerNumber: number.replace(/ /g, '') });
    expect(started.statusCode).toBe(200);
    const { outcome, ticketNumber } = started.result as { outcome: string; ticketNumber: string };
    expect(outcome).toBe('created');
    const em = system.adminEm();
    const ticket = await em.findOneOrFail(Ticket, { number: ticketNumber });
    const person = await em.findOneOrFail(User, { username: caller });
    expect({ channel: ticket.channel, callerId: ticket.callerId }).toEqual({ channel: 'phone', callerId: person.id });

    const ended = { callId, event: 'ended', callerNumber: number, durationSeconds: 125, recordingUrl: 'https://pbx.example/rec/1.mp3' };
    expect((await post(ended)).result).toEqual({ outcome: 'updated', ticketNumber });
    // The PBX retries the same event: nothing changes.
    expect((await post(ended)).result).toEqual({ outcome: 'duplicate', ticketNumber });
    const notes = await system.adminEm().find(TicketEntry, { ticketId: ticket.id, kind: 'note' }, { orderBy: { createdAt: 'asc' } });
    expect(notes).toHaveLength(2);
    expect(notes[1]!.body).toContain('after 2 min 5 s');
    expect(notes[1]!.body).toContain('https://pbx.example/rec/1.mp3');

    // A new call of the same caller while that ticket is open lands on it.
    const again = await post({ callId: `${callId}-2`, event: 'started', callerNumber: number });
    expect(again.result).toEqual({ outcome: 'updated', ticketNumber });
  }, 60_000);

  it('refuses forged signatures, stale timestamps, unknown lines and bad fields, naming them', async () => {
    const event = { callId: 'x', event: 'started', callerNumber: '+37060000000' };
    const forged = await post(event, { secret: 'not-the-secret' });
    expect(forged.statusCode).toBe(403);
    expect(forged.payload).toMatch(/PHONE_SIGNATURE_INVALID/);
    const stale = await post(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.statusCode).toBe(403);
    expect(stale.payload).toMatch(/PHONE_TIMESTAMP_STALE/);
    expect((await post(event, { lineId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(403);
    const bad = await post({ callId: 'x', event: 'rang', callerNumber: 'call me' });
    expect(bad.statusCode).toBe(400);
    expect(bad.payload).toMatch(/payload\.event/);
    expect(bad.payload).toMatch(/payload\.callerNumber/);
  });
});
