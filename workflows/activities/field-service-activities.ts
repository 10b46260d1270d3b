import { ApplicationFailure } from '@temporalio/activity';
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
 * - `work-order-parent`: the incident or request the work order came from goes on (`parentOutcome`).
 */
export const createFieldServiceActivities = ({ orm, tickets, mail }: { orm: Orm; tickets: TicketServices; mail?: OutgoingMailDeps }) => {
  const context = async (input: ServiceTaskInput) => {
    const workOrderId = input.variables.workOrderId;
    if (typeof workOrderId !== 'string')
      throw ApplicationFailure.nonRetryable(`service task ${input.elementId}: the process has no workOrderId variable`, 'MISSING_VARIABLE');
    const scope = await processScope(orm, input);
    const progress = new WorkOrderProgress(scope.em, systemActor(`process ${input.processId}`));
    const principal = fieldServiceProcessPrincipal(input.processId, scope.organizationId);
    return { scope, workOrderId, progress, followThrough: new WorkOrderFollowThrough(scope.em, tickets, principal, mail) };
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

    async 'work-order-parent'(input: ServiceTaskInput) {
      const { workOrderId, progress, followThrough } = await context(input);
      return { parentOutcome: await followThrough.moveParentOn(await progress.find(workOrderId)) };
    },
  };
};
