import type { EntityManager } from '@mikro-orm/postgresql';
import { ProcessInstanceNotFound, type EngineClient, type OpenUserTask } from '../../../workflows/client';
import { recordAudit } from '../../audit/audit-log';
import { NotPermitted, NotWaitingFor, RuleViolation, WrongState } from '../../errors';
import { actorOf, hasRole, type Principal } from '../../identity/domain/principal';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { actionsOf } from '../../tickets/domain/ticket-work';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { checkedSignature } from './signature';
import { Technician } from './technician.entity';
import { openRequiredItems } from './work-order-on-site';
import type { WorkOrder } from './work-order.entity';
import type { WorkOrderService } from './work-order-service';

/** What dispatchers and technicians do to a work order; each completes the user task of the work-order process that names it. */
export type WorkOrderAction =
  | { action: 'schedule'; technicianId: string }
  | { action: 'reassign'; technicianId: string }
  | { action: 'accept' }
  | { action: 'reject'; reason: string }
  | { action: 'start-travel' }
  | { action: 'check-in'; at?: string; latitude: number; longitude: number }
  | { action: 'sign-off'; signerName: string; notes?: string; signature: string }
  | { action: 'check-out'; at?: string };

/** Only the technician the job is assigned to does these: the phone in the field, not the desk. */
const TECHNICIAN_ACTIONS = new Set(['accept', 'reject', 'start-travel', 'check-in', 'sign-off', 'check-out']);

/**
 * The field's side of the work-order process (workflows/processes/work-order.bpmn): the action is
 * checked against who may do it, its data (technician, check-in position, signer) is written to the
 * work order, and the open user task whose `ticket.actions` names it is completed with the variables
 * the diagram's gateways read. The status itself is the process's to write (`work-order-status`).
 */
export class WorkOrderActions {
  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
    private readonly workOrders: WorkOrderService,
  ) {}

  async perform(principal: Principal, number: string, input: WorkOrderAction, now = new Date()): Promise<WorkOrder> {
    const workOrder = await this.workOrders.get(principal, number);
    await this.requireActor(principal, workOrder, input.action);
    const ticket = await this.em.findOneOrFail(Ticket, { id: workOrder.ticketId });
    if (input.action === 'reassign') return this.reassign(principal, workOrder, ticket, input.technicianId, now);
    const task = await this.openTaskFor(ticket, input.action);
    const variables = await this.apply(principal, workOrder, input, now);
    workOrder.version += 1;
    workOrder.updatedAt = now;
    recordAudit(this.em, actorOf(principal), {
      action: `work-order.${input.action}`,
      entity: 'WorkOrder',
      entityId: workOrder.id,
      after: { number, elementId: task.elementId, ...variables },
    });
    await this.em.flush();
    try {
      await this.engine.completeUserTask(ticket.processInstanceId!, task.elementInstanceKey, variables);
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound) throw new WrongState('WORK_ORDER_PROCESS_ENDED', `the process of ${number} has ended`);
      throw err;
    }
    return workOrder;
  }

  /**
   * A dispatcher moves a job to another technician before anyone is on site: the work order names the
   * new one, and the process gets the `work-order.reassign` message, which interrupts the way to the
   * site (the old technician's open step is withdrawn) and dispatches it afresh. The old technician's
   * phone then finds the job gone: its queued actions sync as conflicts.
   */
  private async reassign(principal: Principal, workOrder: WorkOrder, ticket: Ticket, technicianId: string, now: Date): Promise<WorkOrder> {
    const number = workOrder.ticketNumber;
    if (!workOrder.technicianId)
      throw new NotWaitingFor('NOT_ASSIGNED_YET', `${number} has no technician yet: schedule it instead of reassigning it`);
    if (workOrder.checkedInAt)
      throw new WrongState('WORK_ORDER_ON_SITE', `${number}'s technician is on site: a job is not moved once work has started`);
    const technician = await this.technician(technicianId);
    if (technician.id === workOrder.technicianId)
      throw new RuleViolation('ALREADY_ASSIGNED', `${number} is assigned to that technician already`, [
        { field: 'payload.technicianId', message: 'must be another technician than the one assigned' },
      ]);
    const previous = workOrder.technicianId;
    const write = async (to: string, from: string, action: string) => {
      workOrder.technicianId = to;
      workOrder.version += 1;
      workOrder.updatedAt = now;
      recordAudit(this.em, actorOf(principal), {
        action,
        entity: 'WorkOrder',
        entityId: workOrder.id,
        before: { technicianId: from },
        after: { technicianId: to },
      });
      await this.em.flush();
    };
    await write(technician.id, previous, 'work-order.reassign');
    let delivered: boolean;
    try {
      delivered = await this.engine.correlateMessage(ticket.processInstanceId!, {
        name: 'work-order.reassign',
        correlationKey: workOrder.id,
        variables: { technicianId: technician.id, technicianUserId: technician.userId, reassignedFrom: previous },
      });
    } catch (err) {
      await write(previous, technician.id, 'work-order.reassign-undone');
      throw err;
    }
    if (!delivered) {
      // The process is not on the way to the site (between two steps, or past it): nothing moved.
      await write(previous, technician.id, 'work-order.reassign-undone');
      throw new NotWaitingFor(
        'PROCESS_BUSY',
        `${number} cannot be reassigned now: its process is not waiting on the way to the site; try again shortly`,
      );
    }
    return workOrder;
  }

  private async technician(id: string): Promise<Technician> {
    const technician = await this.em.findOne(Technician, { id });
    if (!technician)
      throw new RuleViolation('TECHNICIAN_NOT_FOUND', `there is no technician ${id}`, [
        { field: 'payload.technicianId', message: 'must name a technician' },
      ]);
    return technician;
  }

  /** Writes what the action carries and answers the task's variables. */
  private async apply(principal: Principal, workOrder: WorkOrder, input: WorkOrderAction, now: Date): Promise<Record<string, unknown>> {
    switch (input.action) {
      case 'reassign':
        throw new Error('reassign is not a user task');
      case 'schedule': {
        const technician = await this.technician(input.technicianId);
        workOrder.technicianId = technician.id;
        return { technicianId: technician.id, technicianUserId: technician.userId };
      }
      case 'accept':
        return { accepted: true };
      case 'reject':
        workOrder.rejections = [
          ...workOrder.rejections,
          { technicianId: workOrder.technicianId!, reason: input.reason, at: now.toISOString() },
        ];
        return { accepted: false, rejectionReason: input.reason };
      case 'start-travel':
        return { travelStartedAt: now.toISOString() };
      case 'check-in': {
        const at = input.at ? new Date(input.at) : now;
        workOrder.checkedInAt = at;
        workOrder.checkInLatitude = input.latitude;
        workOrder.checkInLongitude = input.longitude;
        return { checkedInAt: at.toISOString() };
      }
      case 'sign-off':
        workOrder.signaturePng = await checkedSignature(input.signature);
        workOrder.signerName = input.signerName;
        workOrder.workNotes = input.notes ?? null;
        return { signerName: input.signerName };
      case 'check-out': {
        const at = input.at ? new Date(input.at) : now;
        // Required checklist items block completion: the customer signed for a job, not half of one.
        const open = openRequiredItems(workOrder.checklist);
        if (open.length)
          throw new RuleViolation(
            'CHECKLIST_INCOMPLETE',
            `${workOrder.ticketNumber} cannot be completed: ${open.map((i) => i.label).join('; ')} not done`,
            open.map((i) => ({ field: `checklist.${i.key}`, message: `required: ${i.label}` })),
          );
        if (workOrder.checkedInAt && at < workOrder.checkedInAt)
          throw new RuleViolation('CHECK_OUT_BEFORE_CHECK_IN', 'a technician leaves after arriving', [
            { field: 'payload.at', message: `must not be before the check-in at ${workOrder.checkedInAt.toISOString()}` },
          ]);
        workOrder.checkedOutAt = at;
        return { checkedOutAt: at.toISOString(), checkedOutBy: principal.username };
      }
    }
  }

  private async requireActor(principal: Principal, workOrder: WorkOrder, action: string): Promise<void> {
    if (!TECHNICIAN_ACTIONS.has(action)) {
      if (!hasRole(principal, 'agent', 'process-owner', 'admin'))
        throw new NotPermitted('DISPATCHERS_ONLY', `only dispatchers may ${action} a work order`);
      return;
    }
    const own = await this.em.findOne(Technician, { userId: principal.userId });
    if (!own || own.id !== workOrder.technicianId)
      throw new NotPermitted(
        'NOT_THE_ASSIGNED_TECHNICIAN',
        `only the technician ${workOrder.ticketNumber} is assigned to may ${action} it`,
      );
  }

  private async openTaskFor(ticket: Ticket, action: string): Promise<OpenUserTask> {
    const instance = ticket.processInstanceId
      ? await this.em.findOne(ProcessInstance, { id: ticket.processInstanceId }, { populate: ['definition'] })
      : null;
    if (!instance) throw new WrongState('WORK_ORDER_WITHOUT_PROCESS', `${ticket.number} has no process to act on`);
    let view;
    try {
      view = (await this.engine.inspect(instance.id)).view;
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound)
        throw new WrongState('WORK_ORDER_PROCESS_ENDED', `the process of ${ticket.number} has ended`);
      throw err;
    }
    if (!view)
      throw new WrongState('WORK_ORDER_PROCESS_UNAVAILABLE', `the process of ${ticket.number} cannot be read right now; try again`);
    // Between two user tasks (a service task running): the process will wait somewhere soon; a caller may retry.
    if (!view.openUserTasks.length)
      throw new NotWaitingFor(
        'PROCESS_BUSY',
        `${ticket.number} cannot be "${action}" now: its process is between two steps; try again shortly`,
      );
    const task = view.openUserTasks.find((t) => actionsOf(instance.definition.graph, t).includes(action));
    if (!task) {
      const waiting = view.openUserTasks.map(
        (t) => `${t.name ?? t.elementId} (${actionsOf(instance.definition.graph, t).join(', ') || 'no actions'})`,
      );
      throw new NotWaitingFor(
        'ACTION_NOT_AVAILABLE',
        `${ticket.number} cannot be "${action}" now: ${waiting.length ? `its process waits at ${waiting.join('; ')}` : 'its process waits at no user task'}`,
      );
    }
    return task;
  }
}
