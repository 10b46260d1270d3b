import type { EntityManager } from '@mikro-orm/postgresql';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { Organization } from '../../identity/domain/organization.entity';
import { User } from '../../identity/domain/user.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import type { TicketServices } from '../../tickets/ticket-services';

/** How a call the desk logs by hand ended. */
export const CALL_OUTCOMES = ['resolved', 'follow-up', 'escalated', 'no-answer'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface LoggedCall {
  callerNumber: string;
  direction: 'inbound' | 'outbound';
  durationSeconds: number;
  notes: string;
  outcome: CallOutcome;
  /** On an existing ticket; without it, a new ticket on the phone channel. */
  ticketNumber?: string;
  title?: string;
}

export interface CallerLookup {
  caller: { id: string; displayName: string; email: string | null; organizationName: string | null } | null;
  openTickets: Array<{ number: string; title: string; state: string }>;
}

const digits = (n: string) => n.replace(/[^\d+]/g, '');

/**
 * Calls an agent logs at the desk (issue 25), beside the telephony webhook's (PhoneCalls): the caller
 * found by number among the people the agent may see — the customers they serve and internal staff,
 * admins everyone — with their open tickets; the call is an internal note on one of them or a new
 * ticket on the phone channel. `em` is the request's, scoped to what the agent may see.
 */
export class LoggedCalls {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketServices,
  ) {}

  async lookup(principal: Principal, number: string): Promise<CallerLookup> {
    const wanted = digits(number);
    const candidates = await this.em.find(User, { active: true, phone: { $ne: null } });
    const served = new Set(principal.servedOrganizationIds);
    const visible = (u: User) => hasRole(principal, 'admin') || u.organizationId === null || served.has(u.organizationId!);
    const user = candidates.find((u) => digits(u.phone!) === wanted && visible(u));
    if (!user) return { caller: null, openTickets: [] };
    const organization = user.organizationId ? await this.em.findOne(Organization, { id: user.organizationId }) : null;
    const open = await this.em.find(
      Ticket,
      { callerId: user.id, state: { $nin: FINISHED_STATES } },
      { orderBy: { createdAt: 'desc' }, limit: 20 },
    );
    return {
      caller: { id: user.id, displayName: user.displayName, email: user.email ?? null, organizationName: organization?.name ?? null },
      openTickets: open.map((t) => ({ number: t.number, title: t.title, state: t.state })),
    };
  }

  async log(principal: Principal, call: LoggedCall): Promise<{ outcome: 'created' | 'updated'; ticketNumber: string }> {
    let number = call.ticketNumber;
    let outcome: 'created' | 'updated' = 'updated';
    if (!number) {
      const { caller } = await this.lookup(principal, call.callerNumber);
      const { ticket } = await this.tickets.tickets(this.em).create(
        principal,
        {
          type: 'incident',
          title: call.title ?? `Call ${call.direction === 'inbound' ? 'from' : 'to'} ${call.callerNumber}`,
          description: call.notes || `Phone call ${call.direction === 'inbound' ? 'from' : 'to'} ${call.callerNumber}.`,
          ...(caller ? { callerId: caller.id } : {}),
        },
        undefined,
        undefined,
        { channel: 'phone' },
      );
      number = ticket.number;
      outcome = 'created';
    }
    await this.tickets.tickets(this.em).addEntry(principal, number, { kind: 'note', body: noteOf(call) });
    return { outcome, ticketNumber: number };
  }
}

const OUTCOME_WORDS: Record<CallOutcome, string> = {
  resolved: 'resolved on the call',
  'follow-up': 'needs a follow-up',
  escalated: 'escalated',
  'no-answer': 'no answer',
};

function noteOf(call: LoggedCall): string {
  const d = call.durationSeconds;
  const head = `${call.direction === 'inbound' ? 'Call from' : 'Call to'} ${call.callerNumber}, ${Math.floor(d / 60)} min ${d % 60} s — ${OUTCOME_WORDS[call.outcome]}.`;
  return [head, call.notes].filter(Boolean).join('\n\n');
}
