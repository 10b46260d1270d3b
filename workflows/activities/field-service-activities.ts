import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AttachmentStore } from '../../service-catalog/attachments/domain/attachment-store';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import { autoDispatch } from '../../service-catalog/field-service/domain/auto-dispatch';
import { dueAssets, MaintenancePlan } from '../../service-catalog/field-service/domain/maintenance-plan';
import type { ServiceTaskInput } from '../client';
import { systemActor } from '../../service-catalog/audit/audit-log';
import type { Orm } from '../../service-catalog/db/orm';
import { fieldServiceProcessPrincipal } from '../../service-catalog/field-service/domain/field-service-principal';
import { WorkOrderFollowThrough } from '../../service-catalog/field-service/domain/work-order-follow-through';
import {
  ESCALATION_LEVELS,
  isWorkOrderStatus,
  WorkOrderProgress,
  type EscalationLevel,
} from '../../service-catalog/field-service/domain/work-order-progress';
import { WORK_ORDER_STATUSES } from '../../service-catalog/field-service/domain/work-order.entity';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { processScope } from './process-scope';

/**
 * The task types of field service (workflows/processes/work-order.bpmn), each on the work order the
 * process variable `workOrderId` names, within the instance's organisation:
 * - `work-order-status`: header `status` is the step reached; header `unassign` (`true`) sends a
 *   rejected job back to dispatch without its technician;
 * - `work-order-escalate`: header `level` (`dispatch` or `arrival`) stamps the missed deadline once
 *   and notes it on the work order; answers `escalated`;
 * - `work-order-report`: the completion report PDF, kept on the work order and mailed to the customer contact;
 * - `work-order-parent`: the incident or request the work order came from goes on (`parentOutcome`);
 * - `work-order-auto-dispatch`: for a work type set to it, the top suggested technician is assigned
 *   (`autoDispatched`, `technicianId`, `technicianUserId`);
 * - `maintenance-due-check`: planned work orders for the assets whose maintenance schedule is due.
 */
export const createFieldServiceActivities = ({
  orm,
  tickets,
  mail,
  attachments,
}: {
  orm: Orm;
  tickets: TicketServices;
  mail?: OutgoingMailDeps;
  /** Where job photos are kept, for the report's thumbnails; without it the report lists them by name. */
  attachments?: AttachmentStore;
}) => {
  const context = async (input: ServiceTaskInput) => {
    const workOrderId = input.variables.workOrderId;
    if (typeof workOrderId !== 'string')
      throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: the process has no workOrderId variable`, 'MISSING_VARIABLE');
    const scope = await processScope(orm, input);
    const progress = new WorkOrderProgress(scope.em, systemActor(`process ${input.processId}`));
    const principal = fieldServiceProcessPrincipal(input.processId, scope.organizationId);
    return { scope, workOrderId, progress, followThrough: new WorkOrderFollowThrough(scope.em, tickets, principal, mail, attachments) };
  };
  return {
    async 'work-order-status'(input: ServiceTaskInput) {
      const status = input.headers.status;
      if (!isWorkOrderStatus(status))
        throw ApplicationFailure.nonRetryable(
          `service task ${input.elementId}: header "status" must be one of ${WORK_ORDER_STATUSES.join(', ')}`,
          'INVALID_HEADER',
        );
      const { workOrderId, progress } = await context(input);
      const workOrder = await progress.setStatus(workOrderId, status, input.headers.unassign === 'true');
      return { workOrderStatus: workOrder.status };
    },

    async 'work-order-escalate'(input: ServiceTaskInput) {
      const level = input.headers.level as EscalationLevel;
      if (!(level in ESCALATION_LEVELS))
        throw ApplicationFailure.nonRetryable(
          `service task ${input.elementId}: header "level" must be dispatch or arrival`,
          'INVALID_HEADER',
        );
      const { workOrderId, progress, followThrough } = await context(input);
      const { workOrder, stamped } = await progress.escalate(workOrderId, level);
      if (stamped) await followThrough.noteEscalation(workOrder, level);
      return { escalated: stamped };
    },

    async 'work-order-report'(input: ServiceTaskInput) {
      const { workOrderId, progress, followThrough } = await context(input);
      const { sentTo, bytes } = await followThrough.sendReport(await progress.find(workOrderId, true));
      return { reportSentTo: sentTo, reportBytes: bytes };
    },

    async 'work-order-auto-dispatch'(input: ServiceTaskInput) {
      const { scope, workOrderId } = await context(input);
      const everyone = orm.em.fork() as EntityManager;
      setTenantScope(everyone, TenantScope.all('auto-dispatch: a technician’s jobs for every customer count against their availability'));
      return autoDispatch(scope.em, everyone, systemActor(`process ${input.processId}`), workOrderId);
    },

    /**
     * Run by the timer-start process maintenance-plan.bpmn (a Temporal workflow per timer: one check
     * per cycle however many workers run). It reads every customer's due assets — by name, as the
     * problem trend check does — and opens each planned work order within that customer's scope.
     * Header `batch`: assets per run at most (default 200); the rest wait for the next cycle.
     */
    async 'maintenance-due-check'(input: ServiceTaskInput) {
      const batch = Number(input.headers.batch ?? 200);
      if (!Number.isInteger(batch) || batch < 1 || batch > 5000)
        throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: header "batch" must be 1 to 5000`, 'INVALID_HEADER');
      const now = new Date();
      const today = now.toISOString().slice(0, 10);
      const everyone = orm.em.fork() as EntityManager;
      setTenantScope(everyone, TenantScope.all('maintenance check: finds every customer’s due assets'));
      const opened: string[] = [];
      for (const asset of await dueAssets(everyone, today, batch)) {
        const em = orm.em.fork() as EntityManager;
        setTenantScope(em, asset.organization_id ? TenantScope.of([asset.organization_id], false) : TenantScope.of([], true));
        const principal = fieldServiceProcessPrincipal(input.processId, asset.organization_id);
        const visit = await new MaintenancePlan(em).openDueVisit(principal, tickets.tickets(em), asset.id, today, now);
        if (visit?.opened) opened.push(visit.number);
      }
      return { plannedWorkOrders: opened };
    },

    async 'work-order-parent'(input: ServiceTaskInput) {
      const { workOrderId, progress, followThrough } = await context(input);
      return { parentOutcome: await followThrough.moveParentOn(await progress.find(workOrderId)) };
    },
  };
};
