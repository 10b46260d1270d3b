import type { EntityManager } from '@mikro-orm/postgresql';
import { EngineRequestRejected, ProcessInstanceNotFound, type EngineClient } from '../../../workflows/client';
import { recordAudit } from '../../audit/audit-log';
import { InvalidInput, NotFound, NotPermitted, WrongState } from '../../errors';
import { actorOf, hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { parseUserTaskId } from '../../processes/domain/user-task-id';
import { User } from '../../identity/domain/user.entity';
import { assignableUser } from '../../tickets/domain/assignee-rule';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { Approval, type ApprovalDecision, type ApprovalState } from './approval.entity';

export interface ApprovalQuery {
  mine?: boolean;
  state?: ApprovalState;
  ticket?: string;
  limit: number;
  offset: number;
}

/**
 * What an approver does: approve or reject (with a comment), or hand the approval to someone else.
 * A decision completes the approval's user task with `approvalDecision`, `approvalComment` and
 * `approvedBy`; what follows (a tally, a quorum, a rejection ending the change) is the diagram's.
 */
export class ApprovalService {
  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
  ) {}

  async list(principal: Principal, query: ApprovalQuery): Promise<[Approval[], number]> {
    const where: Record<string, unknown> = {};
    // A requester decides only what is theirs (a line manager approving an order): never the desk's list.
    if (query.mine || !isStaff(principal)) where.$or = [{ approverId: principal.userId }, { approverGroup: { $in: principal.groupKeys } }];
    if (query.state) where.state = query.state;
    if (query.ticket) {
      const ticket = await this.em.findOne(Ticket, { number: query.ticket });
      where.ticketId = ticket?.id ?? '00000000-0000-0000-0000-000000000000';
    }
    return this.em.findAndCount(Approval, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: query.limit, offset: query.offset });
  }

  /** One approval; a requester sees only the ones they decide (any other is "not found", as elsewhere in their organisation). */
  async get(id: string, principal?: Principal): Promise<Approval> {
    const approval = await this.em.findOne(Approval, { id });
    if (!approval || (principal && !isStaff(principal) && !this.isApprover(principal, approval)))
      throw new NotFound('APPROVAL_NOT_FOUND', `approval ${id} does not exist`);
    return approval;
  }

  /**
   * Records the decision, then completes the task. The row is written first, conditionally on still
   * being pending, so two decisions racing for one approval cannot both count, and the projection's
   * sync never takes a decided task for withdrawn. If the task has gone meanwhile (the quorum was met,
   * a timeout interrupted it), the decision is taken back and the approval is withdrawn: 409.
   */
  async decide(principal: Principal, id: string, decision: ApprovalDecision, comment?: string, channel = 'api'): Promise<Approval> {
    const approval = await this.get(id, principal);
    this.requireApprover(principal, approval);
    const now = new Date();
    const taken = await this.em.nativeUpdate(
      Approval,
      { id, state: 'pending' },
      {
        state: decision,
        comment: comment ?? null,
        decidedBy: principal.username,
        decidedAt: now,
        updatedAt: now,
        version: approval.version + 1,
      },
    );
    if (!taken) throw new WrongState('APPROVAL_NOT_PENDING', `approval ${id} is ${approval.state}, not pending`);
    const { processInstanceId, elementInstanceKey } = parseUserTaskId(approval.taskId);
    try {
      await this.engine.completeUserTask(processInstanceId, elementInstanceKey, {
        approvalDecision: decision,
        approvalComment: comment ?? null,
        approvedBy: principal.username,
      });
    } catch (err) {
      if (!(err instanceof EngineRequestRejected) && !(err instanceof ProcessInstanceNotFound)) {
        // Not known to have been refused (a timeout, an outage): leave it pending for another try.
        await this.em.nativeUpdate(
          Approval,
          { id },
          { state: 'pending', comment: null, decidedBy: null, decidedAt: null, updatedAt: new Date() },
        );
        throw err;
      }
      await this.em.nativeUpdate(
        Approval,
        { id },
        { state: 'withdrawn', comment: null, decidedBy: null, decidedAt: null, updatedAt: new Date() },
      );
      throw new WrongState('APPROVAL_WITHDRAWN', `approval ${id} is no longer open: its task ended without this decision`);
    }
    recordAudit(this.em, actorOf(principal), {
      action: `approval.${decision}`,
      entity: 'Approval',
      entityId: id,
      before: { state: 'pending', approver: approval.approverUsername ?? `group:${approval.approverGroup}` },
      after: {
        state: decision,
        comment: comment ?? null,
        taskId: approval.taskId,
        purpose: approval.purpose,
        ticketId: approval.ticketId,
        via: channel,
      },
    });
    await this.em.flush();
    return this.reload(id);
  }

  /**
   * Hands a pending approval to another member of staff who may see what is approved; the delegate
   * decides it from their own inbox, and the hand-over is audited with its reason.
   */
  async delegate(principal: Principal, id: string, to: string, comment?: string): Promise<Approval> {
    const approval = await this.get(id);
    this.requireApprover(principal, approval);
    if (approval.state !== 'pending') throw new WrongState('APPROVAL_NOT_PENDING', `approval ${id} is ${approval.state}, not pending`);
    const target = await this.em.findOne(User, { username: to });
    if (!target) throw new InvalidInput('UNKNOWN_DELEGATE', `there is no user "${to}"`, [{ field: 'payload.to', message: 'no such user' }]);
    const delegate = await assignableUser(this.em, target.id, approval.organizationId ?? null, 'payload.to');
    if (delegate.id === approval.approverId)
      throw new InvalidInput('SAME_APPROVER', `${to} already holds this approval`, [
        { field: 'payload.to', message: 'already the approver' },
      ]);
    const before = { approver: approval.approverUsername ?? `group:${approval.approverGroup}` };
    const moved = await this.em.nativeUpdate(
      Approval,
      { id, state: 'pending', version: approval.version },
      {
        approverId: delegate.id,
        approverUsername: delegate.username,
        approverGroup: null,
        delegatedFrom: principal.username,
        updatedAt: new Date(),
        version: approval.version + 1,
      },
    );
    if (!moved) throw new WrongState('APPROVAL_NOT_PENDING', `approval ${id} changed meanwhile; reload it`);
    recordAudit(this.em, actorOf(principal), {
      action: 'approval.delegated',
      entity: 'Approval',
      entityId: id,
      before,
      after: { approver: delegate.username, delegatedBy: principal.username, comment: comment ?? null, taskId: approval.taskId },
    });
    await this.em.flush();
    return this.reload(id);
  }

  private isApprover(principal: Principal, approval: Approval): boolean {
    return approval.approverId
      ? approval.approverId === principal.userId
      : approval.approverGroup != null && principal.groupKeys.includes(approval.approverGroup);
  }

  private requireApprover(principal: Principal, approval: Approval): void {
    if (!this.isApprover(principal, approval))
      throw new NotPermitted(
        'NOT_YOUR_APPROVAL',
        `approval ${approval.id} is for ${approval.approverUsername ?? `group ${approval.approverGroup}`}, not for ${principal.username}`,
      );
  }

  private async reload(id: string): Promise<Approval> {
    return (await this.em.findOne(Approval, { id }, { refresh: true }))!;
  }
}

const isStaff = (principal: Principal) => hasRole(principal, ...STAFF_ROLES);
