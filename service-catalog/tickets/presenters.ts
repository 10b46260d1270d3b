import type { EntityManager } from '@mikro-orm/postgresql';
import { hasRole, type Principal } from '../identity/domain/principal';
import { STAFF_ROLES } from '../identity/domain/roles';
import { presentDenial } from '../processes/presenters';
import type { TicketEntry } from './domain/ticket-entry.entity';
import { fieldValues, PRESENTED_FIELDS } from './domain/ticket-fields';
import { timeInGroups } from './domain/ticket-ola';
import { TicketPeople } from './domain/ticket-people';
import { ticketWork, waitingTasks, type TicketWork } from './domain/ticket-work';
import type { Ticket } from './domain/ticket.entity';

/** Tickets of a list, each with its caller, customer, group and assignee by name (see TicketPeople). */
export async function presentTickets(em: EntityManager, principal: Principal, tickets: Ticket[]) {
  const people = await TicketPeople.load(em, principal, tickets);
  return tickets.map((t) => presentTicket(t, people));
}

/** One ticket as its page shows it: for staff also where its process waits and what they may do now. */
export async function presentOneTicket(em: EntityManager, principal: Principal, ticket: Ticket) {
  if (!hasRole(principal, ...STAFF_ROLES)) return presentTicket(ticket, await TicketPeople.load(em, principal, [ticket]));
  const waitingAt = await waitingTasks(em, ticket);
  const people = await TicketPeople.load(
    em,
    principal,
    [ticket],
    [],
    waitingAt.flatMap((w) => w.candidateGroups),
  );
  return {
    ...presentTicket(ticket, people, ticketWork(principal, ticket, waitingAt, people.groupName)),
    ola: await timeInGroups(em, ticket, new Date(), people.loadedGroups),
  };
}

function presentTicket(t: Ticket, people: TicketPeople, work?: TicketWork) {
  return {
    id: t.id,
    number: t.number,
    type: t.type,
    ...fieldValues(t, PRESENTED_FIELDS),
    caller: people.caller(t),
    organization: people.customer(t),
    state: t.state,
    channel: t.channel ?? null,
    group: people.group(t),
    assignee: people.assignee(t),
    processInstanceId: t.processInstanceId ?? null,
    sla: {
      policy: t.slaPolicy ?? null,
      responseDueAt: iso(t.responseDueAt),
      resolutionWarningAt: iso(t.resolutionWarningAt),
      resolutionDueAt: iso(t.resolutionDueAt),
      firstRespondedAt: iso(t.firstRespondedAt),
      pausedAt: iso(t.slaPausedAt),
      pausedMs: Number(t.slaPausedMs ?? 0),
      warnedAt: iso(t.slaWarnedAt),
      breachedAt: iso(t.slaBreachedAt),
      responseBreachedAt: iso(t.slaResponseBreachedAt),
    },
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    satisfaction: t.satisfaction ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    version: t.version,
    // Group names beside the keys, so a page can say whose work a task is.
    ...(work
      ? {
          work: {
            ...work,
            waitingAt: work.waitingAt.map(({ denial, ...w }) => ({
              ...w,
              groups: w.candidateGroups.map((g) => people.namedGroup(g)!),
              ...(denial ? { denial: presentDenial(denial) } : {}),
            })),
          },
        }
      : {}),
  };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentEntry(e: TicketEntry) {
  return {
    id: e.id,
    kind: e.kind,
    authorId: e.authorId ?? null,
    authorName: e.authorName,
    body: e.body,
    createdAt: e.createdAt.toISOString(),
  };
}
