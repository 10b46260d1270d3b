import { isCancellation, log, patched, workflowInfo } from '@temporalio/workflow';
import type { ProcessState } from '../../engine/runtime/process-state';
import type { Incident } from '../../engine/runtime/process-state';
import { closedUserTasks, resolvedIncidents, viewProcessInstance, type ClosedUserTask } from '../../engine/runtime/process-view';
import type { RunActivities } from './activity-proxies';
import type { InstanceProjection } from './messages';
import type { ProcessRun } from './process-run';

/**
 * Writes the instance projection (the row lists and filters read) at wait states and at the end, only
 * when what it shows changed.
 */
export class ProjectionWriter {
  /**
   * Instances started before the projection existed replay without it (no activity in their history).
   * Child workflows of call activities are not API instances (no row to project to), so they skip it.
   * Decided when the writer is made: the shell makes it after installing its handlers, where every
   * recorded history has the patch marker.
   */
  readonly projecting: boolean;
  private projected = '';
  /** Revisions keep rising across continue-as-new, so the first write of a new run is not refused as older. */
  private revision: number;
  /** Conditions are re-checked after every activation; the view is only rebuilt when the state changed. */
  private checked: { state: ProcessState; projected: string } | undefined;
  private stale = false;
  /**
   * Whether each projection also names the user tasks that ended since the last (Camunda's task search
   * by state reads them). Instances started before it replay without it, so their lists keep open tasks only.
   */
  private readonly reportsClosedTasks: boolean;
  /** Likewise the incidents resolved since the last (Camunda's incident search by state). */
  private readonly reportsResolvedIncidents: boolean;
  /** The open tasks and incidents the last projection showed, and the newest key the instance had then. */
  private shown: { tasks: ReadonlySet<number>; incidents: ReadonlySet<number>; newestKey: number } = {
    tasks: new Set(),
    incidents: new Set(),
    newestKey: -1,
  };

  constructor(
    private readonly run: ProcessRun,
    private readonly activities: RunActivities,
  ) {
    this.projecting = workflowInfo().parent === undefined && run.input.projection !== false && patched('instance-projection');
    this.revision = (run.input.resume?.runs ?? 0) * 1_000_000;
    this.reportsClosedTasks = this.projecting && patched('closed-user-tasks');
    this.reportsResolvedIncidents = this.projecting && patched('resolved-incidents');
  }

  private projection(): Omit<InstanceProjection, 'revision'> {
    const { run } = this;
    const view = viewProcessInstance(run.graph, run.state);
    return {
      instanceId: workflowInfo().workflowId,
      definitionId: run.definition.id,
      version: run.definition.version,
      status: view.status,
      activeElementIds: view.activeElementIds,
      openTasks: view.openUserTasks,
      incidents: view.incidents,
      ...(view.endedAt !== undefined ? { endedAt: view.endedAt } : {}),
    };
  }

  /** Writes the projection if it changed since the last write. */
  async project(): Promise<void> {
    const next = this.projection();
    const signature = JSON.stringify(next);
    if (signature === this.projected) return;
    this.projected = signature;
    const { closedTasks, resolved } = this.endedSinceShown(next);
    try {
      await this.activities.projection().projectProcessInstance({
        ...next,
        ...(closedTasks.length ? { closedTasks } : {}),
        ...(resolved.length ? { resolvedIncidents: resolved } : {}),
        revision: ++this.revision,
      });
    } catch (err) {
      // A list that lags is better than an instance that fails: the detail view still asks the workflow.
      if (isCancellation(err)) throw err;
      log.warn('instance projection not written', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The user tasks that ended and the incidents resolved since the last projection; from now on, `next` is what was shown. */
  private endedSinceShown(next: Omit<InstanceProjection, 'revision'>): { closedTasks: ClosedUserTask[]; resolved: Incident[] } {
    const { graph, state } = this.run;
    const { shown } = this;
    const closedTasks = this.reportsClosedTasks ? closedUserTasks(graph, state, shown.tasks, shown.newestKey) : [];
    const resolved = this.reportsResolvedIncidents ? resolvedIncidents(state, shown.incidents, shown.newestKey) : [];
    this.shown = {
      // Every active task, also one not yet open to people (its form or creating listener pending), so its end is seen too.
      tasks: new Set(state.elementInstances.filter((i) => i.kind === 'userTask' && i.state === 'active').map((i) => i.key)),
      incidents: new Set(next.incidents.map((i) => i.key)),
      newestKey: state.nextKey - 1,
    };
    return { closedTasks, resolved };
  }

  /** Whether the instance rests (nothing local in flight) and its row no longer shows it as it is. */
  isStale(): boolean {
    if (!this.projecting || this.run.localWork.size > 0) return false;
    const { state } = this.run;
    if (state !== this.checked?.state || this.projected !== this.checked.projected) {
      this.checked = { state, projected: this.projected };
      this.stale = JSON.stringify(this.projection()) !== this.projected;
    }
    return this.stale;
  }
}
