import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { NotFound } from '../../errors';
import { WorkOrder, WORK_ORDER_STATUSES, type WorkOrderStatus } from './work-order.entity';

/** Which deadline a work order missed: no technician dispatched in time, or nobody on site by the window's end. */
export const ESCALATION_LEVELS = { dispatch: 'lateDispatchAt', arrival: 'lateArrivalAt' } as const;
export type EscalationLevel = keyof typeof ESCALATION_LEVELS;

export const isWorkOrderStatus = (s: string | undefined): s is WorkOrderStatus =>
  (WORK_ORDER_STATUSES as readonly string[]).includes(s ?? '');

/**
 * What the work-order process writes to its work order (through workflows/activities/
 * field-service-activities.ts): the status of each step, a rejected job back to dispatch, and a
 * missed deadline stamped once. Idempotent: activities run at least once.
 */
export class WorkOrderProgress {
  constructor(
    private readonly em: EntityManager,
    private readonly actor: Actor,
  ) {}

  /** @param withSignature also loads the signature PNG (a lazy column), for the report. */
  async find(workOrderId: string, withSignature = false): Promise<WorkOrder> {
    const found = await this.em.findOne(WorkOrder, { id: workOrderId }, withSignature ? { populate: ['signaturePng'] } : {});
    if (!found) throw new NotFound('WORK_ORDER_NOT_FOUND', `there is no work order ${workOrderId}`);
    return found;
  }

  /** @param unassign a rejected job goes back to dispatch without its technician. */
  async setStatus(workOrderId: string, status: WorkOrderStatus, unassign = false): Promise<WorkOrder> {
    const workOrder = await this.find(workOrderId);
    if (workOrder.status === status && !(unassign && workOrder.technicianId)) return workOrder;
    const before = { status: workOrder.status, technicianId: workOrder.technicianId ?? null };
    workOrder.status = status;
    if (unassign) workOrder.technicianId = null;
    workOrder.version += 1;
    workOrder.updatedAt = new Date();
    recordAudit(this.em, this.actor, {
      action: 'work-order.status',
      entity: 'WorkOrder',
      entityId: workOrder.id,
      before,
      after: { status, technicianId: workOrder.technicianId ?? null },
    });
    await this.em.flush();
    return workOrder;
  }

  /** Stamps the missed deadline the first time; `stamped` false on a retry or a second timer. */
  async escalate(workOrderId: string, level: EscalationLevel): Promise<{ workOrder: WorkOrder; stamped: boolean }> {
    const workOrder = await this.find(workOrderId);
    const field = ESCALATION_LEVELS[level];
    if (workOrder[field]) return { workOrder, stamped: false };
    workOrder[field] = new Date();
    recordAudit(this.em, this.actor, {
      action: `work-order.late-${level}`,
      entity: 'WorkOrder',
      entityId: workOrder.id,
      after: { [field]: workOrder[field] },
    });
    await this.em.flush();
    return { workOrder, stamped: true };
  }
}
