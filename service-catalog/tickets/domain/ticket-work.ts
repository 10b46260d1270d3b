import type { EntityManager } from '@mikro-orm/postgresql';
import type { OpenUserTask, TaskDenial } from '../../../workflows/client';
import type { ProcessGraph } from '../../../engine/compiler';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { userTaskId } from '../../processes/domain/user-task-id';
import { FINISHED_STATES } from './ticket-search';
import type { Ticket } from './ticket.entity';

/** The user-task property naming the ticket actions that complete the task (`resolve,await-caller`). */
export const TICKET_ACTIONS_PROPERTY = 'ticket.actions';

/** A user task the ticket's process waits at, with the ticket actions that complete it. */
export interface WaitingTask {
  /** The open task's id (`<process instance id>.<element instance key>`), for its form and completion. */
  taskId: string;
  elementId: string;
  name: string | null;
  candidateGroups: string[];
  actions: string[];
  /** `zeebe:formDefinition` of the task (issue 16): the desk renders that form; null when it has none. */
  formKey: string | null;
  /** Its last assignment, update or completion a task listener denied, and why; absent once one went through. */
  denial?: TaskDenial;
}

/** What a desk page offers; each says whether this user may do it now and, if not, why. */
export const TICKET_ABILITIES = [
  'take',
  'release',
  'reassign',
  'categorise',
  'confirm-major',
  'await-caller',
  'resolve',
  'implement',
  'review',
  'reply',
  'note',
] as const;
export type TicketAbility = (typeof TICKET_ABILITIES)[number];
export interface Ability {
  allowed: boolean;
  /** Why not, as a stable code the UI words for its user (NOT_IN_GROUP, NOT_WAITING…); null when allowed. */
  code: string | null;
  /** Why not, in a sentence for API users; null when allowed. */
  reason: string | null;
}
export interface TicketWork {
  waitingAt: WaitingTask[];
  can: Record<TicketAbility, Ability>;
}

export const actionsOf = (graph: ProcessGraph, task: Pick<OpenUserTask, 'elementId'>): string[] =>
  (graph.elements[task.elementId]?.properties?.[TICKET_ACTIONS_PROPERTY] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);

/**
 * The user tasks the ticket's process waits at, from the instance projection (one row; it may lag the
 * workflow by one activity round trip, the actions themselves still ask the workflow).
 */
export async function waitingTasks(em: EntityManager, ticket: Ticket): Promise<WaitingTask[]> {
  if (!ticket.processInstanceId) return [];
  const instance = await em.findOne(ProcessInstance, { id: ticket.processInstanceId }, { populate: ['projection', 'definition'] });
  const tasks = instance?.projection?.openTasks ?? [];
  return tasks.map((t) => ({
    taskId: userTaskId(instance!.id, t.elementInstanceKey),
    elementId: t.elementId,
    name: t.name ?? null,
    candidateGroups: t.candidateGroups ?? [],
    actions: actionsOf(instance!.definition.graph, t),
    formKey: t.formKey ?? null,
    ...(t.denial ? { denial: t.denial } : {}),
  }));
}

/**
 * Who works on a ticket: admins, members of its group, its assignee, members of a group the process
 * offers one of `tasks` to, and, while the ticket has no group and no task names one, any agent.
 */
export function worksOn(principal: Principal, ticket: Ticket, tasks: readonly Pick<WaitingTask, 'candidateGroups'>[] = []): boolean {
  if (hasRole(principal, 'admin')) return true;
  if (ticket.assignmentGroup && principal.groupKeys.includes(ticket.assignmentGroup)) return true;
  if (ticket.assigneeId && ticket.assigneeId === principal.userId) return true;
  const offeredTo = tasks.flatMap((t) => t.candidateGroups);
  if (offeredTo.some((g) => principal.groupKeys.includes(g))) return true;
  return !ticket.assignmentGroup && !offeredTo.length && hasRole(principal, 'agent');
}

/**
 * The groups whose member may be the ticket's assignee: its group, or while it has none, the groups
 * its process waits for (none: anyone at the desk may take it).
 */
export function assigneeGroups(ticket: Ticket, waitingAt: readonly WaitingTask[]): string[] {
  if (ticket.assignmentGroup) return [ticket.assignmentGroup];
  return [...new Set(waitingAt.flatMap((t) => t.candidateGroups))];
}

const yes: Ability = { allowed: true, code: null, reason: null };
const no = (code: string, reason: string): Ability => ({ allowed: false, code, reason });

/** What `principal` may do to `ticket` now; the routes refuse exactly what this says is not allowed. */
export function ticketWork(
  principal: Principal,
  ticket: Ticket,
  waitingAt: WaitingTask[],
  groupName: (key: string) => string = (k) => k,
): TicketWork {
  const finished = FINISHED_STATES.includes(ticket.state);
  const staff = hasRole(principal, ...STAFF_ROLES);
  const named = (keys: string[]) => keys.map(groupName).join(' or ');
  const notStaff = no('STAFF_ONLY', 'only the service desk does this');
  const over = no('TICKET_FINISHED', `${ticket.number} is ${ticket.state}`);

  const take = (): Ability => {
    if (!staff) return notStaff;
    if (finished) return over;
    if (ticket.assigneeId === principal.userId) return no('ALREADY_YOURS', `${ticket.number} is already assigned to you`);
    const groups = assigneeGroups(ticket, waitingAt);
    if (groups.length && !groups.some((g) => principal.groupKeys.includes(g)))
      return no('NOT_IN_GROUP', `${ticket.number} is for group ${named(groups)}, which you are not in`);
    return yes;
  };
  const task = (action: string): Ability => {
    if (!staff) return notStaff;
    const waiting = waitingAt.find((t) => t.actions.includes(action));
    if (!waiting) {
      const where = waitingAt.map((t) => t.name ?? t.elementId).join(', ');
      return no(
        'NOT_WAITING',
        where
          ? `the process of ${ticket.number} waits at ${where}, not for this`
          : `the process of ${ticket.number} waits for nobody at the desk now (state ${ticket.state})`,
      );
    }
    if (!worksOn(principal, ticket, [waiting]))
      return no(
        'NOT_YOUR_TICKET',
        `${waiting.name ?? waiting.elementId} is for group ${named(waiting.candidateGroups.length ? waiting.candidateGroups : [ticket.assignmentGroup ?? '-'])}, which you are not in`,
      );
    return yes;
  };
  return {
    waitingAt,
    can: {
      take: take(),
      release: !staff
        ? notStaff
        : ticket.assigneeId !== principal.userId
          ? no('NOT_YOURS', `${ticket.number} is not assigned to you`)
          : finished
            ? over
            : yes,
      reassign: !staff ? notStaff : finished ? over : yes,
      categorise: task('categorise'),
      'confirm-major': task('confirm-major'),
      'await-caller': task('await-caller'),
      resolve: task('resolve'),
      implement: task('implement'),
      review: task('review'),
      reply: mayReply(principal, ticket, waitingAt)
        ? yes
        : no(
            'NOT_YOUR_TICKET',
            `${ticket.number} is for group ${named(assigneeGroups(ticket, waitingAt))}: its members answer the caller; add an internal note instead`,
          ),
      note: staff ? yes : notStaff,
    },
  };
}

/**
 * A public reply is the desk speaking to the caller (and stops the response clock): the ticket's
 * caller, and staff who work on it. Anyone else at the desk adds an internal note.
 */
export function mayReply(principal: Principal, ticket: Ticket, waitingAt: readonly WaitingTask[]): boolean {
  if (!hasRole(principal, ...STAFF_ROLES)) return true;
  return ticket.callerId === principal.userId || worksOn(principal, ticket, waitingAt);
}
