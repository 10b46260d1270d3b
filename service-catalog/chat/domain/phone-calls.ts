import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotPermitted } from '../../errors';
import { loadPrincipal } from '../../identity/domain/directory';
import type { Principal } from '../../identity/domain/principal';
import { User } from '../../identity/domain/user.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';
import { visitorPrincipal } from './chat-service';
import { PhoneCall, type PhoneLine } from './chat.entities';

/** How far a call event's signed timestamp may be from now: an older one is a replay (or a clock far off). */
export const PHONE_SIGNATURE_TOLERANCE_S = 300;

export interface CallEvent {
  callId: string;
  event: 'started' | 'answered' | 'ended';
  callerNumber: string;
  durationSeconds?: number;
  recordingUrl?: string;
  notes?: string;
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` under the line's secret: what the PBX sends in `X-Flowdesk-Signature`. */
export function phoneSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * What is wrong with a signed body, or null: `forged` (the signature does not match the secret and the
 * body) or `stale` (the signed timestamp is outside the tolerance: a replayed request). Shared by the
 * telephony webhook and the messaging bridge.
 */
export function signatureProblem(secret: string, timestamp: string, rawBody: string, given: string, now: Date): 'forged' | 'stale' | null {
  const expected = Buffer.from(phoneSignature(secret, timestamp, rawBody), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'forged';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > PHONE_SIGNATURE_TOLERANCE_S) return 'stale';
  return null;
}

/** Refuses (403) a forged or changed body, and a timestamp outside the tolerance (a replayed request). */
export function verifyPhoneSignature(secret: string, timestamp: string, rawBody: string, given: string, now: Date): void {
  const problem = signatureProblem(secret, timestamp, rawBody, given, now);
  if (problem === 'forged')
    throw new NotPermitted('PHONE_SIGNATURE_INVALID', 'the signature does not match this line’s secret and the body');
  if (problem === 'stale')
    throw new NotPermitted('PHONE_TIMESTAMP_STALE', `the signed timestamp is more than ${PHONE_SIGNATURE_TOLERANCE_S} s from now`);
}

const digits = (n: string) => n.replace(/[^\d+]/g, '');

/** Who writes a call's notes on its ticket: the telephony of the line's organisation (staff-side, no user row). */
function telephony(organizationId: string | null): Principal {
  return {
    userId: 'phone:line',
    username: 'system:telephony',
    displayName: 'Telephony',
    roles: ['agent'],
    organizationId: null,
    servedOrganizationIds: organizationId ? [organizationId] : [],
    groupKeys: [],
    via: 'system',
  };
}

/**
 * The generic telephony webhook (issue 25): a call's first event opens a ticket on the `phone` channel for
 * its caller (a user of the line's organisation matched by phone number), or adds to the caller's open
 * ticket; later events of the same call (answered, ended with duration and recording link) are internal
 * notes on that ticket. An event already applied is ignored. `em` is scoped to the line's organisation.
 */
export class PhoneCalls {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketServices,
  ) {}

  async receive(
    line: PhoneLine,
    e: CallEvent,
    now = new Date(),
  ): Promise<{ outcome: 'created' | 'updated' | 'duplicate'; ticketNumber: string }> {
    let call = await this.em.findOne(PhoneCall, { lineId: line.id, callId: e.callId });
    if (call?.events.includes(e.event)) {
      const ticket = await this.em.findOneOrFail(Ticket, { id: call.ticketId });
      return { outcome: 'duplicate', ticketNumber: ticket.number };
    }
    let outcome: 'created' | 'updated' = 'updated';
    let ticket: Ticket;
    if (call) ticket = await this.em.findOneOrFail(Ticket, { id: call.ticketId });
    else {
      const users = await this.em.find(User, { organizationId: line.organizationId ?? null, active: true, phone: { $ne: null } });
      const caller = users.find((u) => digits(u.phone!) === digits(e.callerNumber));
      const open = caller
        ? await this.em.findOne(Ticket, { callerId: caller.id, state: { $nin: FINISHED_STATES } }, { orderBy: { createdAt: 'desc' } })
        : null;
      if (open) ticket = open;
      else {
        const as =
          (caller ? await loadPrincipal(this.em, caller.id, 'jwt') : null) ??
          visitorPrincipal({ visitorName: `Caller ${e.callerNumber}`, organizationId: line.organizationId ?? null });
        ({ ticket } = await this.tickets.tickets(this.em).create(
          as,
          {
            type: 'incident',
            title: `Call from ${e.callerNumber}`,
            description: `Phone call from ${e.callerNumber} (call ${e.callId}).`,
          },
          undefined,
          undefined,
          { channel: 'phone' },
        ));
        outcome = 'created';
      }
      call = this.em.create(PhoneCall, {
        id: randomUUID(),
        lineId: line.id,
        callId: e.callId,
        ticketId: ticket.id,
        callerNumber: e.callerNumber,
        events: [],
        startedAt: now,
        endedAt: null,
        organizationId: line.organizationId ?? null,
      });
    }
    call.events = [...call.events, e.event];
    if (e.event === 'ended') call.endedAt = now;
    await this.em.flush();
    await this.tickets.tickets(this.em).addEntry(telephony(line.organizationId ?? null), ticket.number, { kind: 'note', body: noteOf(e) });
    return { outcome, ticketNumber: ticket.number };
  }
}

function noteOf(e: CallEvent): string {
  const what =
    e.event === 'started'
      ? `Call from ${e.callerNumber} started`
      : e.event === 'answered'
        ? `Call from ${e.callerNumber} answered`
        : `Call from ${e.callerNumber} ended${e.durationSeconds !== undefined ? ` after ${Math.floor(e.durationSeconds / 60)} min ${e.durationSeconds % 60} s` : ''}`;
  return [`${what} (call ${e.callId}).`, e.recordingUrl ? `Recording: ${e.recordingUrl}` : '', e.notes ?? ''].filter(Boolean).join('\n');
}
