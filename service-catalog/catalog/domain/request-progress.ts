import type { EntityManager } from '@mikro-orm/postgresql';
import { Approval } from '../../approvals/domain/approval.entity';
import { AuditLog } from '../../audit/audit-log.entity';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import type { Ticket } from '../../tickets/domain/ticket.entity';

/** One approval of a request as its requester follows it: what it is for and how it stands, never who else decides. */
export interface RequestApprovalStage {
  purpose: string;
  name: string | null;
  state: string;
  decidedAt: Date | null;
  /** The approver's comment: a rejection must say why, and the requester is who it is for. */
  comment: string | null;
}

/** A fulfilment task the desk has finished. */
export interface DoneTask {
  elementId: string;
  name: string | null;
  completedAt: Date;
}

/**
 * What a requester needs to follow a service request beyond its open tasks: its approvals (pending
 * and decided) and the fulfilment tasks already done. Approvals are read under the requester's own
 * tenant scope (the request is theirs); done tasks come from the audit trail of task completions,
 * leaving out the approval tasks (those are decided through approvals, and listed above).
 */
export async function requestProgress(
  em: EntityManager,
  ticket: Ticket,
): Promise<{ approvals: RequestApprovalStage[]; doneTasks: DoneTask[] }> {
  const approvals = await em.find(Approval, { ticketId: ticket.id }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 50 });
  const instance = ticket.processInstanceId;
  const completions = instance
    ? await em.find(
        AuditLog,
        { action: 'userTask.completed', entity: 'UserTask', entityId: { $like: `${instance}.%` } },
        { orderBy: { at: 'asc' }, limit: 100 },
      )
    : [];
  const approvalTasks = new Set(approvals.map((a) => a.taskId));
  // The task's name as the diagram of this instance gives it (a later version may have renamed it).
  const elements =
    completions.length && instance
      ? (await em.findOne(ProcessInstance, { id: instance }, { populate: ['definition'] }))?.definition.graph.elements
      : undefined;
  return {
    approvals: approvals.map((a) => ({
      purpose: a.purpose,
      name: a.taskName ?? null,
      state: a.state,
      decidedAt: a.decidedAt ?? null,
      comment: a.state === 'approved' || a.state === 'rejected' ? (a.comment ?? null) : null,
    })),
    doneTasks: completions
      .filter((c) => !approvalTasks.has(c.entityId) && typeof c.before?.elementId === 'string')
      .map((c) => {
        const elementId = c.before!.elementId as string;
        return { elementId, name: elements?.[elementId]?.name ?? null, completedAt: c.at };
      }),
  };
}
