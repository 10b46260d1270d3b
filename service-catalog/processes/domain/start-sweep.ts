import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../workflows/client';
import { setTenantScope, TenantScope } from '../../db/tenant';
import type { ProcessDefinition } from './process-definition.entity';
import { ProcessInstance } from './process-instance.entity';

export interface StartSweepOptions {
  /** A start younger than this may still be on its way from the process that committed it. */
  graceMs?: number;
  /**
   * Older unconfirmed rows are left alone: past the namespace's retention a finished workflow is gone
   * from Temporal, and starting its id again would run the process a second time.
   */
  maxAgeMs?: number;
  /** Rows per sweep; the next sweep takes the rest. */
  limit?: number;
}

export interface StartSweepResult {
  /** Rows whose workflow existed (or had written its projection): confirmed, nothing started. */
  confirmed: number;
  /** Rows whose workflow did not exist: started now. */
  started: number;
}

/**
 * The crash window of every start (a ticket's, a catalog order's, an instance started by hand): the row
 * commits, then its workflow starts, and a process that dies in between leaves a row no workflow drives.
 * This finds such rows and starts their workflows. Exactly once: the workflow id is the row's id, a
 * start of an id that runs is a no-op (EngineClient.start), one that ran is seen by `inspect` first and
 * only confirmed, and a row is confirmed (its `unconfirmed_start` cleared) once seen, so it is never
 * looked at again. Two sweeps at once (two API nodes at start-up) reach the same outcome.
 */
export async function sweepUnstartedProcesses(
  em: EntityManager,
  engine: EngineClient,
  opts: StartSweepOptions = {},
): Promise<StartSweepResult> {
  const fork = em.fork() as EntityManager;
  setTenantScope(fork, TenantScope.all('start sweep: unstarted instances of every customer'));
  const now = Date.now();
  const before = new Date(now - (opts.graceMs ?? 60_000));
  const after = new Date(now - (opts.maxAgeMs ?? 24 * 3600_000));
  // A projection is written by the workflow itself: those rows need no question to Temporal.
  const projected = await fork.nativeUpdate(
    ProcessInstance,
    { unconfirmedStart: { $ne: null }, startedAt: { $lt: before }, projection: { $ne: null } },
    { unconfirmedStart: null },
  );
  const rows = await fork.find(
    ProcessInstance,
    { unconfirmedStart: { $ne: null }, startedAt: { $lt: before, $gt: after } },
    { populate: ['definition'], orderBy: { startedAt: 'asc' }, limit: opts.limit ?? 200 },
  );
  const result: StartSweepResult = { confirmed: projected, started: 0 };
  for (const row of rows) {
    if (await engine.exists(row.id)) result.confirmed++;
    else {
      const definition = row.definition as unknown as ProcessDefinition;
      await engine.start({
        instanceId: row.id,
        graph: definition.graph,
        definition: { id: definition.id, processId: definition.processId, version: definition.version },
        variables: row.unconfirmedStart!.variables,
        ...(row.businessKey ? { businessKey: row.businessKey } : {}),
        ...(row.unconfirmedStart!.startEventId ? { startEventId: row.unconfirmedStart!.startEventId } : {}),
        organizationId: row.organizationId ?? null,
      });
      result.started++;
    }
    await fork.nativeUpdate(ProcessInstance, { id: row.id }, { unconfirmedStart: null });
  }
  return result;
}
