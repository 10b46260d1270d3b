import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { NotFound } from '../../errors';
import { suggestTechnicians } from './dispatch-suggestions';
import { Technician } from './technician.entity';
import { WorkOrder } from './work-order.entity';
import { WorkTypeSetting } from './work-type-setting.entity';

export interface AutoDispatchOutcome {
  autoDispatched: boolean;
  technicianId: string | null;
  technicianUserId: string | null;
}

const NONE: AutoDispatchOutcome = { autoDispatched: false, technicianId: null, technicianUserId: null };

/**
 * Auto-dispatch (the `work-order-auto-dispatch` task of work-order.bpmn): when the work order's work
 * type is set to it, the top dispatch suggestion is assigned if it is qualified and available;
 * otherwise (or when the type is not set to it) a dispatcher schedules the job. `everyone` reads
 * technicians' other jobs across customers (their load and clashes count whoever the job is for);
 * the work order itself is read and written through `em`, the instance's own scope. Idempotent: a
 * retry finds the technician the first attempt assigned.
 */
export async function autoDispatch(
  em: EntityManager,
  everyone: EntityManager,
  actor: Actor,
  workOrderId: string,
): Promise<AutoDispatchOutcome> {
  const workOrder = await em.findOne(WorkOrder, { id: workOrderId });
  if (!workOrder) throw new NotFound('WORK_ORDER_NOT_FOUND', `there is no work order ${workOrderId}`);
  const setting = await em.findOne(WorkTypeSetting, { workType: workOrder.workType });
  if (!setting?.autoDispatch) return NONE;
  if (workOrder.technicianId) {
    const chosen = await em.findOneOrFail(Technician, { id: workOrder.technicianId });
    return { autoDispatched: true, technicianId: chosen.id, technicianUserId: chosen.userId };
  }
  const [top] = await suggestTechnicians(everyone, workOrder.id, 1);
  if (!top || !top.qualified || !top.available) return NONE;
  workOrder.technicianId = top.id;
  workOrder.version += 1;
  workOrder.updatedAt = new Date();
  recordAudit(em, actor, {
    action: 'work-order.auto-dispatch',
    entity: 'WorkOrder',
    entityId: workOrder.id,
    after: { technicianId: top.id, distanceKm: top.distance_km, load: top.load },
  });
  await em.flush();
  return { autoDispatched: true, technicianId: top.id, technicianUserId: top.user_id };
}
