import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { hasRole, userIdOf, type Principal } from '../../identity/domain/principal';
import type { TicketType } from './ticket-types';
import { Ticket } from './ticket.entity';

/** States in which a ticket's clock no longer runs towards a breach. */
export const FINISHED_STATES = ['resolved', 'closed', 'cancelled', 'rejected'];

/**
 * The desk's views. `all` is everything the user may see (the tenant filter decides); the others
 * narrow it, and a search (`q`) runs within whichever is chosen.
 */
export const TICKET_QUEUES = ['all', 'mine', 'my-groups', 'unassigned', 'breaching-soon'] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number];

export interface TicketSearch {
  type?: TicketType;
  state?: string;
  assignmentGroup?: string;
  assigneeId?: string;
  callerId?: string;
  /** The way tickets came in: `mail`, `chat`, `phone`, `slack`… */
  channel?: string;
  q?: string;
  queue?: TicketQueue;
  withinMinutes?: number;
  limit: number;
  offset: number;
}

// Matches no row; ids are uuids, so this one never exists.
const NO_ONE = '00000000-0000-0000-0000-000000000000';
const MATCHES_NOTHING = { id: NO_ONE };

/**
 * One query for a desk view, under the request's tenant filter.
 *
 * A group's queue holds the tickets routed to the group and, whatever their state, the tickets whose
 * process waits at a user task offered to the group (`candidateGroups`): a mailed-in incident waiting
 * for the service desk to categorise it has no group yet, but it is the service desk's work.
 */
export async function searchTickets(
  em: EntityManager,
  principal: Principal,
  opts: TicketSearch,
  now = new Date(),
): Promise<{ items: Ticket[]; total: number }> {
  const and: Array<FilterQuery<Ticket>> = [];
  for (const key of ['type', 'state', 'assignmentGroup', 'assigneeId', 'callerId', 'channel'] as const)
    if (opts[key]) and.push({ [key]: opts[key] });
  const mine = groupWork(principal.groupKeys);
  if (opts.queue === 'mine') and.push({ assigneeId: userIdOf(principal) ?? NO_ONE });
  if (opts.queue === 'my-groups') and.push(mine);
  if (opts.queue === 'unassigned') and.push(mine, { assigneeId: null });
  if (opts.queue === 'breaching-soon') {
    // Admins and process owners watch every group; agents their own.
    if (!hasRole(principal, 'admin', 'process-owner')) and.push(mine);
    const horizon = new Date(now.getTime() + (opts.withinMinutes ?? 120) * 60_000);
    and.push({
      ...(opts.state ? {} : { state: { $nin: FINISHED_STATES } }),
      slaPausedAt: null,
      $or: [{ resolutionDueAt: { $lte: horizon } }, { firstRespondedAt: null, responseDueAt: { $lte: horizon } }],
    });
  }
  if (opts.q) and.push(textMatch(opts.q));
  const orderBy =
    opts.queue === 'breaching-soon'
      ? ({ resolutionDueAt: 'asc', number: 'asc' } as const)
      : ({ createdAt: 'desc', number: 'desc' } as const);
  const [items, total] = await em.findAndCount(Ticket, and.length ? { $and: and } : {}, {
    orderBy,
    limit: opts.limit,
    offset: opts.offset,
  });
  return { items, total };
}

/**
 * Tickets routed to one of `groups`, or waiting at a user task offered to one of them. Someone in no
 * group (an admin) has empty group queues, not an error.
 */
function groupWork(groups: readonly string[]): FilterQuery<Ticket> {
  if (!groups.length) return MATCHES_NOTHING;
  // jsonb containment per group (`[{"candidateGroups":["network"]}]`), served by the projection's GIN index.
  const waiting = raw(
    (alias: string) =>
      `${alias}.process_instance_id in (select p.instance_id from process_instance_projection p where ${groups.map(() => 'p.open_tasks @> ?::jsonb').join(' or ')})`,
    groups.map((g) => JSON.stringify([{ candidateGroups: [g] }])),
  );
  return { $or: [{ assignmentGroup: { $in: [...groups] } }, { [waiting]: [] }] } as FilterQuery<Ticket>;
}

/**
 * Full text over title and description, or the ticket number, or the caller's name, or the customer's
 * name: what an agent types when looking for "vpn", "INC0001042", "Rita" or "Baltic".
 */
function textMatch(q: string): FilterQuery<Ticket> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const byCaller = raw((alias: string) => `${alias}.caller_id in (select u.id from app_user u where u.display_name ilike ?)`, [like]);
  const byCustomer = raw((alias: string) => `${alias}.organization_id in (select o.id from organization o where o.name ilike ?)`, [like]);
  return {
    $or: [{ search: { $fulltext: q } }, { number: q.toUpperCase() }, { [byCaller]: [] }, { [byCustomer]: [] }],
  } as FilterQuery<Ticket>;
}
