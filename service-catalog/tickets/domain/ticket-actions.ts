// Over 300 lines because every ticket action shares the take-and-first-response rule and the task lookup kept here.
import { resolveServiceNaming } from '../../services/domain/service-reference';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ProcessInstanceNotFound, type OpenUserTask } from '../../../workflows/client';
import { recordAudit } from '../../audit/audit-log';
import { InvalidInput, NotFound, NotPermitted, NotWaitingFor, UnknownGroup, WrongState } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { actorOf, hasRole, userIdOf, type Principal } from '../../identity/domain/principal';
import { MessageService } from '../../messages/domain/message-service';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { userTaskId } from '../../processes/domain/user-task-id';
import { assignableUser } from './assignee-rule';
import type { TicketEntry } from './ticket-entry.entity';
import { TicketLink, type TicketLinkKind } from './ticket-link.entity';
import type { TicketService } from './ticket-service';
import { CALLER_MESSAGE_TTL_MS, type TicketProcesses } from './ticket-service';
import { Ticket } from './ticket.entity';
import { actionsOf, assigneeGroups, waitingTasks, worksOn } from './ticket-work';
import { handOverTicketTasks } from './ticket-task-handover';

export { TICKET_ACTIONS_PROPERTY } from './ticket-work';
/** The BPMN message a resolved ticket's process waits for: the caller's "it works" / "it doesn't". */
export const CONFIRMATION_MESSAGE = 'incident-confirmation';

export const RESOLUTION_CODES = ['solved', 'workaround', 'not_reproducible', 'duplicate', 'no_caller_response', 'rejected'] as const;

/** How an implemented change ended: the change process's closing codes. */
export const CHANGE_CLOSING_CODES = ['successful', 'failed', 'backed_out'] as const;

export type TaskAction =
  | { action: 'resolve'; resolutionCode: string; resolutionNotes: string }
  | { action: 'implement'; closingCode: (typeof CHANGE_CLOSING_CODES)[number]; notes: string }
  | { action: 'review'; findings: string }
  | { action: 'await-caller'; reply?: string }
  | { action: 'categorise'; category: string; subcategory?: string | null; service?: string | null; impact: string; urgency: string }
  | { action: 'confirm-major'; decision: 'confirm' | 'downgrade'; reason?: string }
  | { action: 'analyse'; rootCause: string };

/**
 * What agents and callers do to a ticket, as the ticket's process sees it: an agent's action completes
 * the open user task whose `ticket.actions` property names it, with the variables the diagram's
 * gateways read (`outcome`, `resolutionCode`…); a caller's confirmation or reopening is a message to
 * the process. The diagram decides what follows; this service never writes the state itself.
 */
export class TicketActions {
  constructor(
    private readonly em: EntityManager,
    private readonly processes: TicketProcesses,
    private readonly tickets: TicketService,
  ) {}

  /** @returns with `question` the public reply an await-caller action added (the route mails it to the caller). */
  async perform(
    principal: Principal,
    number: string,
    input: TaskAction,
  ): Promise<{ ticket: Ticket; taskId: string; elementId: string; question?: TicketEntry }> {
    const ticket = await this.tickets.get(number);
    this.requireWorker(principal, ticket, await waitingTasks(this.em, ticket));
    const task = await this.openTaskFor(ticket, input.action);
    // The projection may lag: the task the workflow names decides whose work it is.
    this.requireWorker(principal, ticket, [{ candidateGroups: task.candidateGroups ?? [] }]);
    const question =
      input.action === 'await-caller' && input.reply
        ? await this.tickets.addEntry(principal, number, { kind: 'reply', body: input.reply })
        : undefined;
    const variables = taskVariables(input, principal);
    // The service is named by id (or a name older clients send): checked now, and the process gets both.
    if (input.action === 'categorise' && input.service !== undefined)
      Object.assign(variables, await resolveServiceNaming(this.em, ticket.organizationId ?? null, { service: input.service }, 'payload.'));
    try {
      await this.processes.engine.completeUserTask(ticket.processInstanceId!, task.elementInstanceKey, variables);
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound) throw new WrongState('TICKET_PROCESS_ENDED', `the process of ${number} has ended`);
      throw err;
    }
    const taken: Partial<Ticket> = {};
    const fresh = await this.tickets.touch(ticket, (t) => {
      const changes: Partial<Ticket> = {};
      if (!t.firstRespondedAt) changes.firstRespondedAt = new Date();
      // An agent who acts on an unassigned ticket takes it, as in every desk tool.
      if (!t.assigneeId && userIdOf(principal) && hasRole(principal, 'agent', 'technician'))
        changes.assigneeId = taken.assigneeId = userIdOf(principal)!;
      return changes;
    });
    const changes = taken;
    const taskId = userTaskId(ticket.processInstanceId!, task.elementInstanceKey);
    recordAudit(this.em, actorOf(principal), {
      action: `ticket.action.${input.action}`,
      entity: 'Ticket',
      entityId: ticket.id,
      after: { taskId, elementId: task.elementId, ...variables, ...changes },
    });
    await this.em.flush();
    return { ticket: fresh, taskId, elementId: task.elementId, ...(question ? { question } : {}) };
  }

  /**
   * (Re)assigns to a group and/or agent. The agent must be in the group (while the ticket has none: in
   * a group its process waits for) and serve the ticket's customer, or they could not even open it.
   * History stays in the audit trail (see AssignmentHistory). `version` guards against assigning over
   * someone else's change (409).
   */
  async assign(
    principal: Principal,
    number: string,
    input: { version: number; assignmentGroup?: string; assigneeId?: string | null },
  ): Promise<Ticket> {
    const ticket = await this.tickets.get(number);
    // Read before the update: it changes this same managed entity.
    const previousAssigneeId = ticket.assigneeId ?? null;
    const previousGroup = ticket.assignmentGroup;
    const group = input.assignmentGroup ?? ticket.assignmentGroup;
    if (input.assignmentGroup && !(await this.em.findOne(Group, { key: input.assignmentGroup }))) {
      throw new UnknownGroup(input.assignmentGroup, 'payload.assignmentGroup');
    }
    if (input.assigneeId) await this.requireAssignable(ticket, group ?? null, input.assigneeId);
    // A new group without a named agent leaves the ticket in that group's unassigned queue.
    const assigneeId =
      input.assigneeId !== undefined
        ? input.assigneeId
        : input.assignmentGroup && input.assignmentGroup !== previousGroup
          ? null
          : ticket.assigneeId;
    const updated = await this.tickets.update(principal, number, input.version, {
      assignmentGroup: group ?? null,
      assigneeId: assigneeId ?? null,
    });
    // The open tasks the ticket's holder had follow it, through their assigning listeners.
    if (ticket.processInstanceId && (assigneeId ?? null) !== previousAssigneeId)
      await handOverTicketTasks(this.em, this.processes.engine, principal, ticket.processInstanceId, {
        fromUserId: previousAssigneeId,
        toUserId: assigneeId ?? null,
      });
    // Tasks the process opens from now on go to the new group.
    if (ticket.processInstanceId && group !== previousGroup) {
      try {
        await this.processes.engine.setVariables(ticket.processInstanceId, { assignmentGroup: group, assigneeId: assigneeId ?? null });
      } catch (err) {
        if (!(err instanceof ProcessInstanceNotFound)) throw err;
      }
    }
    return updated;
  }

  /** In the group (or one the process waits for) and allowed to see the ticket: the one rule of assignee-rule.ts. */
  private async requireAssignable(ticket: Ticket, group: string | null, assigneeId: string): Promise<void> {
    const agent = await assignableUser(this.em, assigneeId, ticket.organizationId ?? null);
    const groups = group ? [group] : assigneeGroups(ticket, await waitingTasks(this.em, ticket));
    if (!groups.length) return;
    const rows = await this.em.find(Group, { key: { $in: groups } });
    if (!rows.some((g) => agent.groupIds.includes(g.id))) {
      throw new InvalidInput('ASSIGNEE_NOT_IN_GROUP', `${agent.username} is not a member of group "${groups.join('" or "')}"`, [
        { field: 'payload.assigneeId', message: `not in group ${groups.join(' or ')}` },
      ]);
    }
  }

  /** The caller answers a resolution: `confirmed` closes the ticket, otherwise it is reopened. */
  async confirm(principal: Principal, number: string, input: { confirmed: boolean; comment?: string }): Promise<Ticket> {
    const ticket = await this.tickets.get(number);
    const isCaller = !!ticket.callerId && ticket.callerId === principal.userId;
    if (!isCaller && !hasRole(principal, 'agent', 'admin'))
      throw new NotPermitted('NOT_THE_CALLER', `only the caller of ${number} or the desk can confirm or reopen it`);
    if (ticket.state !== 'resolved' || !ticket.processInstanceId)
      throw new NotWaitingFor('NOT_AWAITING_CONFIRMATION', `${number} is not waiting for a confirmation (state ${ticket.state})`);
    // The comment is part of the answer, not a reply of its own that would reopen the ticket by itself.
    if (input.comment) await this.tickets.addEntry(principal, number, { kind: 'reply', body: input.comment }, { toProcess: false });
    // Kept for a while if the process is still mailing the resolution and not yet waiting.
    await new MessageService(this.em, this.processes.engine).publish(
      {
        name: CONFIRMATION_MESSAGE,
        correlationKey: ticket.number,
        variables: { confirmed: input.confirmed, confirmedBy: principal.username },
        timeToLiveMs: CALLER_MESSAGE_TTL_MS,
        // The same answer to the same resolution, retried (a client after a 503, a second tab), is one delivery.
        deliveryId: `confirmation/${ticket.number}/${ticket.resolvedAt?.getTime() ?? 0}/${input.confirmed}`,
      },
      actorOf(principal),
      ticket.organizationId ?? null,
    );
    recordAudit(this.em, actorOf(principal), {
      action: input.confirmed ? 'ticket.resolution.confirmed' : 'ticket.resolution.rejected',
      entity: 'Ticket',
      entityId: ticket.id,
      after: { confirmed: input.confirmed },
    });
    await this.em.flush();
    return this.tickets.get(number);
  }

  async link(principal: Principal, number: string, input: { number: string; kind: TicketLinkKind }): Promise<TicketLink> {
    const from = await this.tickets.get(number);
    const to = await this.tickets.get(input.number).catch((err: unknown) => {
      if (err instanceof NotFound)
        throw new InvalidInput('UNKNOWN_TICKET', `ticket ${input.number} does not exist`, [
          { field: 'payload.number', message: 'no such ticket' },
        ]);
      throw err;
    });
    if (from.id === to.id)
      throw new InvalidInput('SELF_LINK', 'a ticket cannot be linked to itself', [{ field: 'payload.number', message: 'another ticket' }]);
    if (await this.em.findOne(TicketLink, { ticketId: from.id, linkedTicketId: to.id, kind: input.kind }))
      throw new WrongState('LINK_EXISTS', `${number} is already ${input.kind} ${input.number}`);
    const link = this.em.create(TicketLink, {
      id: randomUUID(),
      ticketId: from.id,
      linkedTicketId: to.id,
      kind: input.kind,
      createdBy: principal.username,
      createdAt: new Date(),
      organizationId: from.organizationId ?? null,
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'ticket.linked',
      entity: 'Ticket',
      entityId: from.id,
      after: { kind: input.kind, linked: to.number },
    });
    await this.em.flush();
    return link;
  }

  /** Links from and to a ticket, with the other ticket's number, title and state. */
  async links(
    number: string,
  ): Promise<Array<{ kind: TicketLinkKind; direction: 'outgoing' | 'incoming'; number: string; title: string; state: string }>> {
    const ticket = await this.tickets.get(number);
    const rows = await this.em.find(
      TicketLink,
      { $or: [{ ticketId: ticket.id }, { linkedTicketId: ticket.id }] },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const others = await this.em.find(Ticket, { id: { $in: rows.map((r) => (r.ticketId === ticket.id ? r.linkedTicketId : r.ticketId)) } });
    const byId = new Map(others.map((t) => [t.id, t]));
    return rows.flatMap((r) => {
      const other = byId.get(r.ticketId === ticket.id ? r.linkedTicketId : r.ticketId);
      // A ticket of another organisation stays invisible, link or not.
      return other
        ? [
            {
              kind: r.kind,
              direction: r.ticketId === ticket.id ? ('outgoing' as const) : ('incoming' as const),
              number: other.number,
              title: other.title,
              state: other.state,
            },
          ]
        : [];
    });
  }

  /** Who works on the ticket (see {@link worksOn}) acts on it; requesters never complete desk tasks. */
  private requireWorker(principal: Principal, ticket: Ticket, tasks: ReadonlyArray<{ candidateGroups: string[] }>): void {
    if (!worksOn(principal, ticket, tasks)) {
      throw new NotPermitted(
        'NOT_YOUR_TICKET',
        `${ticket.number} is with group ${ticket.assignmentGroup ?? '-'}; only its members, its assignee or an admin act on it`,
      );
    }
  }

  private async openTaskFor(ticket: Ticket, action: string): Promise<OpenUserTask> {
    if (!ticket.processInstanceId) throw new WrongState('TICKET_WITHOUT_PROCESS', `${ticket.number} has no process to act on`);
    const instance = await this.em.findOne(ProcessInstance, { id: ticket.processInstanceId }, { populate: ['definition'] });
    if (!instance) throw new WrongState('TICKET_WITHOUT_PROCESS', `${ticket.number} has no process to act on`);
    let view;
    try {
      view = (await this.processes.engine.inspect(instance.id)).view;
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound) throw new WrongState('TICKET_PROCESS_ENDED', `the process of ${ticket.number} has ended`);
      throw err;
    }
    if (!view) throw new WrongState('TICKET_PROCESS_UNAVAILABLE', `the process of ${ticket.number} cannot be read right now; try again`);
    const graph = instance.definition.graph;
    const task = view.openUserTasks.find((t) => actionsOf(graph, t).includes(action));
    if (!task) {
      const waiting = view.openUserTasks.map((t) => `${t.name ?? t.elementId} (${actionsOf(graph, t).join(', ') || 'no ticket actions'})`);
      throw new NotWaitingFor(
        'ACTION_NOT_AVAILABLE',
        `${ticket.number} cannot be "${action}" now: ${waiting.length ? `its process waits at ${waiting.join('; ')}` : `its process waits at no user task (state ${ticket.state})`}`,
      );
    }
    return task;
  }
}

function taskVariables(input: TaskAction, principal: Principal): Record<string, unknown> {
  switch (input.action) {
    case 'resolve':
      return { outcome: 'resolved', resolutionCode: input.resolutionCode, resolutionNotes: input.resolutionNotes };
    case 'await-caller':
      return { outcome: 'awaiting_caller' };
    case 'implement':
      // The change process records them as its resolution: the closing code and what was done.
      return { resolutionCode: input.closingCode, resolutionNotes: input.notes, implementedBy: principal.username };
    case 'review':
      return { reviewFindings: input.findings, reviewedBy: principal.username };
    case 'categorise':
      // Left out is not "cleared": the service the caller named still picks the SLA policy.
      return {
        // The desk judged impact and urgency itself: the priority they give is not the caller's claim.
        categorisedBy: principal.username,
        category: input.category,
        impact: input.impact,
        urgency: input.urgency,
        ...(input.subcategory !== undefined ? { subcategory: input.subcategory } : {}),
        ...(input.service !== undefined ? { service: input.service } : {}),
      };
    case 'analyse':
      // A problem's root-cause analysis (problem.bpmn); the full record is the known error's.
      return { rootCause: input.rootCause.slice(0, 2000), analysedBy: principal.username };
    case 'confirm-major':
      return {
        majorIncident: input.decision === 'confirm' ? 'confirmed' : 'downgraded',
        majorIncidentDecidedBy: principal.username,
        ...(input.reason ? { majorIncidentReason: input.reason } : {}),
      };
  }
}
