import { setTimeout as sleep } from 'node:timers/promises';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../workflows/client';
import { DomainError, NotFound, NotPermitted, NotWaitingFor } from '../../errors';
import type { Principal } from '../../identity/domain/principal';
import { SyncAction, type SyncOutcome } from './sync-action.entity';
import { WorkOrderActions, type WorkOrderAction } from './work-order-actions';
import { WorkOrderOnSite } from './work-order-on-site';
import type { WorkOrderService } from './work-order-service';
import type { PartLine } from './part-catalogue';
import type { WorkOrder } from './work-order.entity';

/** What a technician's phone queues while offline: a work-order action, a checklist tick or the parts used. */
export type QueuedAction = { id: string; at: string; workOrder: string } & (
  | Exclude<WorkOrderAction, { action: 'schedule' } | { action: 'reassign' }>
  | { action: 'checklist'; items: Array<{ key: string; done: boolean; note?: string | null }> }
  | { action: 'parts'; parts: PartLine[] }
);

export interface SyncResult {
  id: string;
  workOrder: string;
  action: string;
  outcome: Exclude<SyncOutcome, 'pending'> | 'pending';
  /** The id was seen before: this is what happened then, nothing was applied now. */
  duplicate: boolean;
  code: string | null;
  message: string | null;
}

/** How long one action waits for the process to reach the step it completes (it may be running a service task). */
export const PROCESS_CATCH_UP_MS = 15_000;

/**
 * The offline phone's batch: each action under the id the phone gave it, applied once, in the order
 * the technician did them (`at`, then the batch's order), each on its own so one refusal does not
 * stop the rest. An action on a work order no longer assigned to the technician (reassigned while
 * the phone was offline) is a conflict; one the process or the domain refuses is rejected with the
 * reason. A batch sent again answers from the recorded outcomes and applies nothing twice.
 */
export class WorkOrderSync {
  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
    private readonly workOrders: WorkOrderService,
    private readonly catchUpMs = PROCESS_CATCH_UP_MS,
  ) {}

  async apply(principal: Principal, actions: QueuedAction[]): Promise<SyncResult[]> {
    const ordered = actions.map((a, i) => ({ a, i })).sort((x, y) => Date.parse(x.a.at) - Date.parse(y.a.at) || x.i - y.i);
    const results = new Map<string, SyncResult>();
    for (const { a } of ordered) results.set(a.id, await this.one(principal, a));
    // Answered in the batch's own order, so the phone can match results to its queue.
    return actions.map((a) => results.get(a.id)!);
  }

  private async one(principal: Principal, queued: QueuedAction): Promise<SyncResult> {
    const earlier = await this.em.findOne(SyncAction, { id: queued.id });
    if (earlier) return earlier.userId === principal.userId ? answer(earlier, true) : takenId(queued);
    let workOrder: WorkOrder | null = null;
    try {
      workOrder = await this.workOrders.get(principal, queued.workOrder);
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
    const row = this.em.create(SyncAction, {
      id: queued.id,
      organizationId: workOrder?.organizationId ?? null,
      userId: principal.userId,
      workOrderNumber: queued.workOrder,
      action: queued.action,
      happenedAt: new Date(queued.at),
      outcome: 'pending',
      code: null,
      message: null,
      receivedAt: new Date(),
    });
    try {
      // Claimed before it is applied: a concurrent replay of the same batch finds it and applies nothing.
      await this.em.flush();
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      this.em.clear();
      const winner = await this.em.findOneOrFail(SyncAction, { id: queued.id });
      return winner.userId === principal.userId ? answer(winner, true) : takenId(queued);
    }
    const settle = async (outcome: SyncOutcome, code: string | null, message: string | null) => {
      Object.assign(row, { outcome, code, message });
      await this.em.flush();
      return answer(row, false);
    };
    if (!workOrder)
      return settle(
        'conflict',
        'NOT_ASSIGNED_TO_YOU',
        `${queued.workOrder} is not (or no longer) assigned to you: it was reassigned while you were offline`,
      );
    try {
      await this.perform(principal, queued);
      return await settle('applied', null, null);
    } catch (err) {
      if (err instanceof NotPermitted) return settle('conflict', err.code, err.message);
      if (err instanceof DomainError) return settle('rejected', err.code, err.message);
      // Not the action's fault (the database, the engine): forget the claim, so sending the batch again retries it.
      this.em.remove(row);
      await this.em.flush();
      throw err;
    }
  }

  private async perform(principal: Principal, queued: QueuedAction): Promise<void> {
    const { id: _id, at, workOrder: number, ...action } = queued;
    if (action.action === 'checklist') {
      await new WorkOrderOnSite(this.em, this.workOrders).tick(principal, number, action.items);
      return;
    }
    if (action.action === 'parts') {
      await new WorkOrderOnSite(this.em, this.workOrders).recordParts(principal, number, action.parts);
      return;
    }
    const deadline = Date.now() + this.catchUpMs;
    for (;;) {
      try {
        await new WorkOrderActions(this.em, this.engine, this.workOrders).perform(
          principal,
          number,
          action as WorkOrderAction,
          new Date(at),
        );
        return;
      } catch (err) {
        // The previous action's step is still running (a service task): the process gets there in a moment.
        if (!(err instanceof NotWaitingFor && err.code === 'PROCESS_BUSY') || Date.now() > deadline) throw err;
        await sleep(200);
      }
    }
  }
}

const answer = (row: SyncAction, duplicate: boolean): SyncResult => ({
  id: row.id,
  workOrder: row.workOrderNumber,
  action: row.action,
  outcome: row.outcome,
  duplicate,
  code: row.code ?? null,
  message: row.message ?? null,
});

/** An id another user's phone already used: nothing of theirs is shown or applied. */
const takenId = (queued: QueuedAction): SyncResult => ({
  id: queued.id,
  workOrder: queued.workOrder,
  action: queued.action,
  outcome: 'conflict',
  duplicate: true,
  code: 'ACTION_ID_TAKEN',
  message: 'this action id was used by another user; the phone must generate a new one',
});
