import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditLog } from '../../audit/audit-log.entity';
import { UnknownGroup } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { User } from '../../identity/domain/user.entity';
import type { Ticket } from './ticket.entity';

/** Who had a ticket: its group and assignee. */
export interface Holder {
  group: string | null;
  assigneeId: string | null;
}

/** One change of hands: from whom to whom, who did it (null: the system) and how. */
export interface AssignmentStep {
  at: Date;
  byId: string | null;
  how: 'raised' | 'routed' | 'assigned' | 'taken' | 'released';
  from: Holder;
  to: Holder;
}

/** Roles whose members take tickets from a group's queue (as routing picks them). */
const WORKER_ROLES = ['agent', 'technician'];

/**
 * The ticket's changes of hands, oldest first, read back from the audit trail: every row that wrote
 * its group or assignee (creation, routing, the desk's assignments, an action that took it). The trail
 * is the single record; nothing else is kept in step with it.
 */
export async function assignmentHistory(em: EntityManager, ticket: Ticket): Promise<AssignmentStep[]> {
  const rows = await em.find(AuditLog, { entity: 'Ticket', entityId: ticket.id }, { orderBy: { id: 'asc' } });
  const steps: AssignmentStep[] = [];
  let current: Holder = { group: null, assigneeId: null };
  for (const row of rows) {
    const after = row.after ?? {};
    if (!('assignmentGroup' in after) && !('assigneeId' in after)) continue;
    const next: Holder = {
      group: 'assignmentGroup' in after ? ((after.assignmentGroup as string | null) ?? null) : current.group,
      assigneeId: 'assigneeId' in after ? ((after.assigneeId as string | null) ?? null) : current.assigneeId,
    };
    if (next.group === current.group && next.assigneeId === current.assigneeId) continue;
    steps.push({ at: row.at, byId: row.actorId ?? null, how: howOf(row, current, next), from: current, to: next });
    current = next;
  }
  return steps;
}

function howOf(row: AuditLog, from: Holder, to: Holder): AssignmentStep['how'] {
  if (row.action === 'ticket.created') return 'raised';
  if (row.action === 'ticket.routed') return 'routed';
  const sameGroup = from.group === to.group;
  if (sameGroup && to.assigneeId && to.assigneeId === row.actorId) return 'taken';
  if (sameGroup && !to.assigneeId && from.assigneeId === row.actorId) return 'released';
  return 'assigned';
}

/**
 * Whom the ticket can be handed to in `groupKey`: active agents and technicians of the group who serve
 * the ticket's customer (an internal ticket: every member), available ones first.
 */
export async function assignableAgents(em: EntityManager, ticket: Ticket, groupKey: string): Promise<{ group: Group; agents: User[] }> {
  const group = await em.findOne(Group, { key: groupKey });
  if (!group) throw new UnknownGroup(groupKey, 'query.group');
  const members = await em.find(User, { groupIds: { $contains: [group.id] }, active: true }, { orderBy: { displayName: 'asc' } });
  const agents = members.filter((u) => u.roles.some((r) => WORKER_ROLES.includes(r)) && (!ticket.organizationId || u.servedOrganizationIds.includes(ticket.organizationId)));
  return { group, agents: [...agents.filter((a) => a.available !== false), ...agents.filter((a) => a.available === false)] };
}
