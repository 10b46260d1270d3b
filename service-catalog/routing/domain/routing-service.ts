import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../audit/audit-log';
import { NotFound, RuleViolation, UnknownGroup } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { maySeeOrganization } from '../../identity/domain/serves';
import { User } from '../../identity/domain/user.entity';
import { FINISHED_STATES } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { queueTicketWrite } from '../../tickets/domain/ticket-writes';
import { chooseAssignee, type Candidate, type NoChoiceReason, type RoutingStrategy } from './choose-assignee';
import { firstMatchingRule, ROUTING_CRITERIA, type RoutingFacts } from './match-rule';
import { RoutingRule } from './routing-rule.entity';
import { ROUTING_SETTINGS_ID, RoutingSettings } from './routing-settings.entity';

export interface RoutingDecision {
  assignmentGroup: string;
  assigneeId: string | null;
  /** The assignee's username: what a BPMN `assignee` names (see mayComplete). */
  assigneeUsername: string | null;
  /** The rule that chose the group; null when the default group or the ticket's own group applied. */
  rule: { id: string; name: string } | null;
  /** The group's strategy at the time. */
  strategy: RoutingStrategy;
  groupFrom: 'rule' | 'default' | 'ticket';
  /** `kept`: the ticket already had an assignee; `chosen`: the strategy chose one; otherwise why nobody was. */
  outcome: 'kept' | 'chosen' | NoChoiceReason;
}

/** Roles whose members take tickets from a group's queue; a process owner in a group only watches it. */
const WORKER_ROLES = ['agent', 'technician'];

/**
 * Routes a ticket: its group from the first matching rule (or the default group), unless the desk
 * already gave it one; then an assignee by the group's strategy, unless it already has one. The
 * ticket, the group's round-robin cursor and the chosen agent's last-assigned time are written in one
 * transaction holding row locks on the ticket and then the group, so concurrent routes into one group
 * see each other's choices and a repeated route of the same ticket finds it routed and changes nothing.
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
      const group = await em.findOne(Group, { key: target.key }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!group) {
        const via = target.rule ? `routing rule "${target.rule.name}" sends it to` : target.from === 'default' ? 'the default group is' : 'it is with';
        throw new UnknownGroup(target.key, undefined, `cannot route ${ticket.number}: ${via} group "${target.key}", which does not exist`);
      }
      const strategy = group.routingStrategy;
      let assigneeId = ticket.assigneeId ?? null;
      let assigneeUsername: string | null = null;
      let outcome: RoutingDecision['outcome'] = 'kept';
      if (assigneeId) {
        assigneeUsername = (await em.findOne(User, { id: assigneeId }))?.username ?? null;
      } else {
        const members = await this.members(em, group);
        const choice = chooseAssignee({ strategy, candidates: await this.candidates(em, members, ticket), cursor: group.roundRobinCursor ?? null, requiredSkills: target.rule?.requiredSkills ?? [] });
        if (choice.assignee) {
          assigneeId = choice.assignee.id;
          assigneeUsername = choice.assignee.username;
          outcome = 'chosen';
          group.roundRobinCursor = choice.cursor;
          members.find((m) => m.id === assigneeId)!.lastAssignedAt = new Date();
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
      // Through the ticket's one write path, in this transaction with the group's cursor.
      queueTicketWrite(em, ticket, { assignmentGroup: decision.assignmentGroup, assigneeId: decision.assigneeId }, {
        actor,
        action: 'ticket.routed',
        before,
        after: { assignmentGroup: decision.assignmentGroup, assigneeId: decision.assigneeId, rule: decision.rule?.name ?? null, groupFrom: decision.groupFrom, strategy, outcome },
      });
      return decision;
    });
  }

  /** The ticket's own group if the desk set one; else the first matching rule's; else the default. */
  private async target(em: EntityManager, ticket: Ticket, facts: Partial<RoutingFacts>): Promise<{ key: string; rule: RoutingRule | null; from: RoutingDecision['groupFrom'] }> {
    if (ticket.assignmentGroup) return { key: ticket.assignmentGroup, rule: null, from: 'ticket' };
    const known = Object.fromEntries(ROUTING_CRITERIA.map((c) => [c, facts[c] !== undefined ? facts[c] : (ticket[c] ?? null)])) as unknown as RoutingFacts;
    const rule = firstMatchingRule(await em.find(RoutingRule, {}), known);
    if (rule) return { key: rule.assignmentGroup, rule, from: 'rule' };
    const fallback = (await em.findOne(RoutingSettings, { id: ROUTING_SETTINGS_ID }))?.defaultGroup;
    if (!fallback) {
      throw new RuleViolation('NO_ROUTE', `cannot route ${ticket.number}: no routing rule matches (${ROUTING_CRITERIA.map((c) => `${c} ${known[c] ?? '-'}`).join(', ')}) and no default group is set (PUT /routing-rules/default)`);
    }
    return { key: fallback, rule: null, from: 'default' };
  }

  /** Active agents and technicians of the group. */
  private async members(em: EntityManager, group: Group): Promise<User[]> {
    const users = await em.find(User, { groupIds: { $contains: [group.id] }, active: true }, { orderBy: { username: 'asc' } });
    return users.filter((u) => u.roles.some((r) => WORKER_ROLES.includes(r)));
  }

  /**
   * Members with whether they may see the ticket, and their open tickets counted across every
   * organisation: a person's load is all their work.
   */
  private async candidates(em: EntityManager, members: User[], ticket: Ticket): Promise<Candidate[]> {
    const load = new Map<string, number>();
    if (members.length) {
      const rows = await em.execute<Array<{ assignee_id: string; open: number }>>(
        `select assignee_id, count(*)::int as open from ticket where assignee_id in (${members.map(() => '?').join(', ')}) and state not in (${FINISHED_STATES.map(() => '?').join(', ')}) group by assignee_id`,
        [...members.map((m) => m.id), ...FINISHED_STATES],
      );
      for (const row of rows) load.set(row.assignee_id, Number(row.open));
    }
    return members.map((m) => ({ id: m.id, username: m.username, servesTicket: maySeeOrganization(m, ticket.organizationId ?? null), available: m.available, skills: m.skills, openTickets: load.get(m.id) ?? 0, lastAssignedAt: m.lastAssignedAt ?? null }));
  }
}
