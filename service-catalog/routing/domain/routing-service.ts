import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../audit/audit-log';
import { NotFound, RuleViolation, UnknownGroup } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { maySeeOrganization } from '../../identity/domain/serves';
import { User } from '../../identity/domain/user.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { queueTicketWrite, writeTicketNow } from '../../tickets/domain/ticket-writes';
import { chooseAssignee, type Candidate, type NoChoiceReason, type RoutingStrategy } from './choose-assignee';
import { ROUTING_CRITERIA, type RoutingFacts } from './match-rule';
import { routeTarget } from './route-preview';
import type { RoutingRule } from './routing-rule.entity';

export interface RoutingDecision {
  assignmentGroup: string;
  assigneeId: string | null;
  /** The assignee's username: what a BPMN `assignee` names (see mayComplete). */
  assigneeUsername: string | null;
  /** The rule that chose the group; null when the default group or the ticket's own group applied. */
  rule: { id: string; name: string } | null;
  /** The group's strategy at the time. */
  strategy: RoutingStrategy;
  /** `service`: no rule matched and the ticket's service names its support group. */
  groupFrom: 'rule' | 'service' | 'default' | 'ticket';
  /** `kept`: the ticket already had an assignee; `chosen`: the strategy chose one; otherwise why nobody was. */
  outcome: 'kept' | 'chosen' | NoChoiceReason;
}

/** Roles whose members take tickets from a group's queue; a process owner in a group only watches it. */
const WORKER_ROLES = ['agent', 'technician'];

/**
 * Routes a ticket: its group from the first matching rule (or the default group), unless the desk
 * already gave it one; then an assignee by the group's strategy, unless it already has one. One
 * transaction holds the ticket's row lock throughout, so a repeated route of the same ticket finds it
 * routed and changes nothing.
 *
 * Concurrent routes into one group must see each other's choices (round-robin's cursor, least-loaded's
 * counts), so the choice is made under the group's row lock, held until commit. Everything that does
 * not depend on the other routes — the ticket, the rules, the group's strategy and members — is read
 * before taking it, and under it go only: one call taking the lock and reading the cursor and the
 * members' current load, one statement writing the ticket, its audit row, the cursor and the chosen
 * member's last-assigned time, and the commit, which the database client sends right behind that
 * statement (writeTicketNow). With the database a network round trip away, every statement under the
 * lock is a round trip each later route of the group waits for, which bounds the group's routes per
 * second (bench/network-faults.ts); so nothing may follow the write in this transaction.
 */
export class RoutingService {
  constructor(private readonly em: EntityManager) {}

  /**
   * @param facts what the ticket's process knows that the ticket row may not hold yet (a priority
   *   the matrix just computed, a category set in a user task); a fact left out is read from the ticket.
   */
  async route(ticketId: string, actor: Actor, facts: Partial<RoutingFacts> = {}): Promise<RoutingDecision> {
    return this.em.transactional(async (em) => {
      const ticket = await em.findOne(Ticket, { id: ticketId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!ticket) throw new NotFound('TICKET_NOT_FOUND', `ticket ${ticketId} does not exist`);
      const target = await this.target(em, ticket, facts);
      // No lock yet: the strategy and the members change rarely; the cursor and the loads are read again under it.
      const group = await em.findOne(Group, { key: target.key }, { refresh: true });
      if (!group) {
        const via = target.rule
          ? `routing rule "${target.rule.name}" sends it to`
          : target.from === 'default'
            ? 'the default group is'
            : target.from === 'service'
              ? 'its service’s support group is'
              : 'it is with';
        throw new UnknownGroup(target.key, undefined, `cannot route ${ticket.number}: ${via} group "${target.key}", which does not exist`);
      }
      const strategy = group.routingStrategy;
      let assigneeId = ticket.assigneeId ?? null;
      let assigneeUsername: string | null = null;
      let outcome: RoutingDecision['outcome'] = 'kept';
      let chosen: { cursor: string | null } | undefined;
      if (assigneeId) {
        assigneeUsername = (await em.findOne(User, { id: assigneeId }))?.username ?? null;
      } else {
        const members = await this.members(em, group);
        const query = {
          strategy,
          candidates: this.candidates(members, ticket, new Map()),
          cursor: group.roundRobinCursor ?? null,
          requiredSkills: target.rule?.requiredSkills ?? [],
        };
        let choice = chooseAssignee(query);
        // Whether anyone can be chosen does not depend on the other routes; who does, so only then lock.
        if (choice.assignee) {
          const current = await this.lockGroup(em, group.id, members);
          choice = chooseAssignee({ ...query, candidates: this.candidates(members, ticket, current.load), cursor: current.cursor });
          chosen = { cursor: choice.cursor };
        }
        if (choice.assignee) {
          assigneeId = choice.assignee.id;
          assigneeUsername = choice.assignee.username;
          outcome = 'chosen';
        } else {
          outcome = choice.reason;
        }
      }
      const decision: RoutingDecision = {
        assignmentGroup: group.key,
        assigneeId,
        assigneeUsername,
        rule: target.rule ? { id: target.rule.id, name: target.rule.name } : null,
        strategy,
        groupFrom: target.from,
        outcome,
      };
      const before = { assignmentGroup: ticket.assignmentGroup ?? null, assigneeId: ticket.assigneeId ?? null };
      const changes = { assignmentGroup: decision.assignmentGroup, assigneeId: decision.assigneeId };
      const audit = {
        actor,
        action: 'ticket.routed',
        before,
        after: { ...changes, rule: decision.rule?.name ?? null, groupFrom: decision.groupFrom, strategy, outcome },
      };
      if (chosen && assigneeId) {
        // Under the group's lock, all in one statement and the transaction's last, so the routes queued
        // behind it wait one round trip for it. The agent's "last assigned" is a staff row a customer's
        // scope may not write: the one narrow function of migrations/…_identity_row_level_security.ts
        // writes it, called once the ticket's own update went through.
        await writeTicketNow(
          em,
          ticket,
          changes,
          audit,
          [
            {
              sql: 'update assignment_group set round_robin_cursor = ? where id = ? and round_robin_cursor is distinct from ?',
              params: [chosen.cursor, group.id, chosen.cursor],
            },
          ],
          { sql: 'flowdesk_user_assigned(?, ?)', params: [assigneeId, new Date()] },
        );
      } else {
        // Through the ticket's one write path; no lock others wait for is held here.
        queueTicketWrite(em, ticket, changes, audit);
      }
      return decision;
    });
  }

  /**
   * Takes the group's row lock (until commit) and reads what the other routes of the group may have
   * changed meanwhile: the round-robin cursor and each member's load (open tickets across every
   * organisation) and last-assigned time. One call of a function whose second statement reads with a
   * snapshot taken after the lock (a statement that waits for a lock still reads with the snapshot it
   * began with): migrations/…_routing_group_lock.ts.
   */
  private async lockGroup(
    em: EntityManager,
    groupId: string,
    members: User[],
  ): Promise<{ cursor: string | null; load: Map<string, { open: number; lastAssignedAt: Date | null }> }> {
    // Arrays as PostgreSQL array literals: ids are uuids and the states our own constants, nothing to quote.
    const rows = await em.execute<Array<{ id: string | null; cursor: string | null; open: number; last_assigned_at: Date | null }>>(
      `select member_id as id, group_cursor as cursor, open_tickets as open, last_assigned_at
         from flowdesk_lock_group_for_routing(?::uuid, ?::uuid[], ?::text[])`,
      [groupId, `{${members.map((m) => m.id).join(',')}}`, `{${FINISHED_STATES.join(',')}}`],
    );
    const load = new Map<string, { open: number; lastAssignedAt: Date | null }>();
    let cursor: string | null = null;
    for (const row of rows) {
      if (row.id === null) cursor = row.cursor;
      else load.set(row.id, { open: Number(row.open), lastAssignedAt: row.last_assigned_at ? new Date(row.last_assigned_at) : null });
    }
    return { cursor, load };
  }

  /** The ticket's own group if the desk set one; else the first matching rule's; else its service's support group; else the default. */
  private async target(
    em: EntityManager,
    ticket: Ticket,
    facts: Partial<RoutingFacts>,
  ): Promise<{ key: string; rule: RoutingRule | null; from: RoutingDecision['groupFrom'] }> {
    if (ticket.assignmentGroup) return { key: ticket.assignmentGroup, rule: null, from: 'ticket' };
    const known = Object.fromEntries(
      ROUTING_CRITERIA.map((c) => [c, facts[c] !== undefined ? facts[c] : (ticket[c] ?? null)]),
    ) as unknown as RoutingFacts;
    const target = await routeTarget(em, known);
    if (!target.key) {
      throw new RuleViolation(
        'NO_ROUTE',
        `cannot route ${ticket.number}: no routing rule matches (${ROUTING_CRITERIA.map((c) => `${c} ${known[c] ?? '-'}`).join(', ')}) and no default group is set (PUT /routing-rules/default)`,
      );
    }
    return { key: target.key, rule: target.rule, from: target.from };
  }

  /** Active agents and technicians of the group. */
  private async members(em: EntityManager, group: Group): Promise<User[]> {
    const users = await em.find(User, { groupIds: { $contains: [group.id] }, active: true }, { orderBy: { username: 'asc' } });
    return users.filter((u) => u.roles.some((r) => WORKER_ROLES.includes(r)));
  }

  /**
   * Members with whether they may see the ticket, and (once read under the group's lock) their open
   * tickets counted across every organisation — a person's load is all their work — and when they were
   * last given one. Before the lock the load is unknown (0): only who can be chosen at all is decided then.
   */
  private candidates(members: User[], ticket: Ticket, load: Map<string, { open: number; lastAssignedAt: Date | null }>): Candidate[] {
    return members.map((m) => ({
      id: m.id,
      username: m.username,
      servesTicket: maySeeOrganization(m, ticket.organizationId ?? null),
      available: m.available,
      skills: m.skills,
      openTickets: load.get(m.id)?.open ?? 0,
      lastAssignedAt: load.has(m.id) ? load.get(m.id)!.lastAssignedAt : (m.lastAssignedAt ?? null),
    }));
  }
}
