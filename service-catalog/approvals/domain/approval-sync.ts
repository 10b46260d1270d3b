import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProcessGraph } from '../../../engine/compiler/process-graph';
import type { OpenUserTask } from '../../../workflows/client';
import { recordAudit, systemActor } from '../../audit/audit-log';
import { User } from '../../identity/domain/user.entity';
import { ProcessInstance } from '../../processes/domain/process-instance.entity';
import { userTaskId } from '../../processes/domain/user-task-id';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { Approval, APPROVAL_PROPERTY } from './approval.entity';

/**
 * Keeps the approval rows in step with the user tasks an instance has open, from the instance
 * projection the workflow writes at every wait state: an approval task that opened gets a pending row
 * for its approver; a pending row whose task is gone without a decision is withdrawn (the
 * multi-instance completion condition was met, a boundary timer interrupted it, the process ended).
 * Decisions are written before the task is completed (ApprovalService), so a decided row is never
 * taken for withdrawn. Idempotent: a retried projection changes nothing.
 */
export class ApprovalSync {
  constructor(private readonly em: EntityManager) {}

  async sync(instanceId: string, definitionId: string, openTasks: readonly OpenUserTask[]): Promise<void> {
    const purposes = await this.approvalElements(definitionId);
    // Most processes have no approvals: one cached look at their definition, and nothing else.
    if (!purposes.size) return;
    const instance = await this.em.findOne(ProcessInstance, { id: instanceId }, { populate: ['definition'] });
    if (!instance) return;
    const purposeOf = (elementId: string) => purposes.get(elementId);
    const existing = await this.em.find(Approval, { processInstanceId: instanceId });
    const known = new Set(existing.map((a) => a.taskId));
    const openIds = new Set(openTasks.map((t) => userTaskId(instanceId, t.elementInstanceKey)));
    const now = new Date();
    const actor = systemActor(`process ${instance.definition.processId}`);
    const ticket = instance.businessKey ? await this.em.findOne(Ticket, { number: instance.businessKey }) : null;
    for (const task of openTasks) {
      const purpose = purposeOf(task.elementId);
      const taskId = userTaskId(instanceId, task.elementInstanceKey);
      if (!purpose || known.has(taskId)) continue;
      const username = task.assignee ?? task.candidateUsers?.[0] ?? null;
      const user = username ? await this.em.findOne(User, { username }) : null;
      const approval = this.em.create(Approval, {
        id: randomUUID(),
        processInstanceId: instanceId,
        taskId,
        elementId: task.elementId,
        purpose,
        taskName: task.name ?? null,
        ticketId: ticket?.id ?? null,
        approverId: user?.id ?? null,
        approverUsername: username,
        approverGroup: username ? null : (task.candidateGroups?.[0] ?? null),
        delegatedFrom: null,
        state: 'pending',
        comment: null,
        decidedBy: null,
        decidedAt: null,
        mailedAt: null,
        createdAt: now,
        updatedAt: now,
        organizationId: instance.organizationId ?? null,
      });
      recordAudit(this.em, actor, {
        action: 'approval.requested',
        entity: 'Approval',
        entityId: approval.id,
        after: { taskId, purpose, approver: username ?? `group:${approval.approverGroup}`, ticket: ticket?.number ?? null },
      });
    }
    for (const approval of existing) {
      if (approval.state !== 'pending' || openIds.has(approval.taskId)) continue;
      // Conditional: a decision recorded meanwhile wins over the withdrawal.
      const withdrawn = await this.em.nativeUpdate(
        Approval,
        { id: approval.id, state: 'pending' },
        { state: 'withdrawn', updatedAt: now, version: approval.version + 1 },
      );
      if (withdrawn) {
        recordAudit(this.em, actor, {
          action: 'approval.withdrawn',
          entity: 'Approval',
          entityId: approval.id,
          before: { state: 'pending', approver: approval.approverUsername ?? `group:${approval.approverGroup}` },
          after: { state: 'withdrawn', reason: 'the task ended without this decision' },
        });
      }
    }
    await this.em.flush();
  }

  /**
   * Whether the definition has approval tasks at all. Without them an instance has no approval rows
   * (sync makes none), so there is nothing to mail either (the projection asks before looking).
   */
  async hasApprovals(definitionId: string): Promise<boolean> {
    return (await this.approvalElements(definitionId)).size > 0;
  }

  /** The approval tasks of a definition by element id; definitions never change, so each is read once. */
  private async approvalElements(definitionId: string): Promise<Map<string, string>> {
    const cached = APPROVAL_ELEMENTS.get(definitionId);
    if (cached) return cached;
    const [row] = (await this.em.execute('select graph from process_definition where id = ?', [definitionId])) as Array<{
      graph: ProcessGraph;
    }>;
    const found = new Map<string, string>();
    for (const [id, node] of Object.entries(row?.graph.elements ?? {})) {
      const purpose = node.properties?.[APPROVAL_PROPERTY];
      if (purpose) found.set(id, purpose);
    }
    if (APPROVAL_ELEMENTS.size >= 1_000) APPROVAL_ELEMENTS.clear();
    if (row) APPROVAL_ELEMENTS.set(definitionId, found);
    return found;
  }
}

const APPROVAL_ELEMENTS = new Map<string, Map<string, string>>();
