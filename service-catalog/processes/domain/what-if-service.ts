import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../workflows/client';
import { compareInstance, totalComparisons, type InstanceComparison } from '../../../engine/runtime/what-if/compare-replays';
import type { RecordedInstance } from '../../../engine/runtime/what-if/recorded-instance';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { inProcessCompiler, type Compiler } from '../../compile/compiler';
import { NotFound, RuleViolation, WrongState } from '../../errors';
import { ProcessDefinition } from './process-definition.entity';
import { ProcessDefinitionService } from './process-definition-service';
import { WhatIfItem, WhatIfRun, type WhatIfItemState } from './what-if.entities';

/** Instances one run may replay unless configured otherwise (`FLOWDESK_WHATIF_MAX_INSTANCES`). */
export const DEFAULT_WHAT_IF_MAX_INSTANCES = 2_000;

export interface WhatIfRequest {
  /** The candidate diagram: a studio draft or an uploaded file, as BPMN XML. */
  xml: string;
  /** The period, by the instances' start: [from, to). */
  from: string;
  to: string;
  /** An instance open longer than this from its start has breached its SLA; no SLA outcome without it. */
  slaHours?: number;
}

/** Reads an instance's recorded events (the worker reads its Temporal histories). */
export type RecordSource = (instanceId: string, businessKey: string | null) => Promise<RecordedInstance>;

/**
 * What-if replay: the instances of a process started in a period, closed and open, replayed on a
 * candidate diagram beside the diagram each really ran. The start compiles the candidate (a refusal
 * is the compiler's 422, nothing recorded), chooses the instances under the caller's own tenant scope
 * (row-level security and the ORM filter), records them as the run's items and hands the run to a
 * workflow (workflows/what-if), whose activity replays each through the pure interpreter.
 */
export class WhatIfService {
  constructor(
    private readonly em: EntityManager,
    private readonly engine?: EngineClient,
    private readonly compiler: Compiler = inProcessCompiler,
  ) {}

  async start(definitionId: string, req: WhatIfRequest, actor: Actor, maxInstances: number): Promise<WhatIfRun> {
    const base = await new ProcessDefinitionService(this.em).get(definitionId);
    const { graph } = await this.compiler.compileProcess(req.xml);
    if (graph.processId !== base.processId)
      throw new RuleViolation('WHAT_IF_OTHER_PROCESS', `the candidate is process "${graph.processId}", not "${base.processId}"`, [
        { field: 'payload.xml', message: `must be a diagram of process "${base.processId}"` },
      ]);
    const instances = await this.em.execute<Array<{ id: string; definition_id: string; organization_id: string | null }>>(
      `select i.id, i.definition_id, i.organization_id from process_instance i
        where i.process_id = ? and i.started_at >= ? and i.started_at < ?
        order by i.started_at, i.id limit ?`,
      [base.processId, new Date(req.from), new Date(req.to), maxInstances + 1],
    );
    if (instances.length > maxInstances)
      throw new RuleViolation(
        'WHAT_IF_TOO_LARGE',
        `more than ${maxInstances} instances of "${base.processId}" started in the period; a what-if replay takes at most ${maxInstances} (FLOWDESK_WHATIF_MAX_INSTANCES): choose a shorter period`,
        [{ field: 'payload.from', message: `the period holds more than the cap of ${maxInstances} instances` }],
      );
    if (!instances.length)
      throw new WrongState('NOTHING_TO_REPLAY', `no instance of "${base.processId}" started between ${req.from} and ${req.to}`);
    const run = await this.em.transactional(async (tx) => {
      const created = tx.create(WhatIfRun, {
        id: randomUUID(),
        processId: base.processId,
        candidateGraph: graph,
        candidateXml: req.xml,
        periodFrom: new Date(req.from),
        periodTo: new Date(req.to),
        slaResolutionMs: req.slaHours !== undefined ? Math.round(req.slaHours * 3_600_000) : null,
        state: 'running',
        total: instances.length,
        totals: null,
        requestedBy: actor.name,
        createdAt: new Date(),
        organizationId: null,
      });
      // The run row first: its items refer to it, and the ORM knows no relation to order the inserts by.
      await tx.flush();
      for (const i of instances)
        tx.create(WhatIfItem, {
          runId: created.id,
          instanceId: i.id,
          definitionId: i.definition_id,
          state: 'pending',
          organizationId: i.organization_id,
        });
      recordAudit(tx, actor, {
        action: 'processWhatIf.started',
        entity: 'WhatIfRun',
        entityId: created.id,
        after: { processId: base.processId, from: req.from, to: req.to, instances: instances.length },
      });
      await tx.flush();
      return created;
    });
    await this.engine!.whatIfRuns().start(run.id);
    return run;
  }

  async get(runId: string): Promise<{ run: WhatIfRun; counts: Record<WhatIfItemState, number>; diverging: number }> {
    const run = await this.em.findOne(WhatIfRun, { id: runId });
    if (!run) throw new NotFound('WHAT_IF_NOT_FOUND', `there is no what-if run ${runId}`);
    const rows = await this.em.execute<Array<{ state: WhatIfItemState; n: number; diverging: number }>>(
      'select state, count(*)::int as n, count(*) filter (where diverges)::int as diverging from process_what_if_item where run_id = ? group by state',
      [runId],
    );
    const counts = { pending: 0, replayed: 0, failed: 0 };
    let diverging = 0;
    for (const r of rows) {
      counts[r.state] = r.n;
      diverging += r.diverging;
    }
    return { run, counts, diverging };
  }

  items(runId: string, filter: { diverging?: boolean; limit: number; offset: number }) {
    return this.em.findAndCount(
      WhatIfItem,
      { runId, ...(filter.diverging !== undefined ? { diverges: filter.diverging } : {}) },
      { orderBy: { instanceId: 'asc' }, limit: filter.limit, offset: filter.offset },
    );
  }

  /** The workflow's step: up to `size` pending items, each read back, replayed on both graphs and recorded. */
  async replayChunk(runId: string, size: number, read: RecordSource): Promise<{ replayed: number; remaining: number }> {
    const run = await this.em.findOneOrFail(WhatIfRun, { id: runId });
    const items = await this.em.find(WhatIfItem, { runId, state: 'pending' }, { orderBy: { instanceId: 'asc' }, limit: size });
    const graphs = new Map<string, ProcessDefinition>();
    // The replay's "now" is when the run was asked for: timers due by then fire, open instances are judged then.
    const horizon = run.createdAt.getTime();
    const sla =
      run.slaResolutionMs !== null && run.slaResolutionMs !== undefined ? { resolutionMs: Number(run.slaResolutionMs) } : undefined;
    for (const item of items) {
      let definition = graphs.get(item.definitionId);
      if (!definition)
        graphs.set(item.definitionId, (definition = await this.em.findOneOrFail(ProcessDefinition, { id: item.definitionId })));
      const instance = await this.em.execute<Array<{ business_key: string | null }>>(
        'select business_key from process_instance where id = ?',
        [item.instanceId],
      );
      let comparison: InstanceComparison | null = null;
      let message: string | null = null;
      try {
        const recorded = await read(item.instanceId, instance[0]?.business_key ?? null);
        comparison = compareInstance(definition.graph, run.candidateGraph, recorded, horizon, sla);
      } catch (err) {
        // An instance whose history cannot be read (never started on the engine…) is reported, not skipped silently.
        message = err instanceof Error ? err.message : String(err);
      }
      await this.em.nativeUpdate(
        WhatIfItem,
        { runId, instanceId: item.instanceId },
        comparison ? { state: 'replayed', diverges: comparison.diverges, comparison } : { state: 'failed', message },
      );
    }
    const remaining = await this.em.count(WhatIfItem, { runId, state: 'pending' });
    return { replayed: items.length, remaining };
  }

  async finish(runId: string): Promise<void> {
    const items = await this.em.find(WhatIfItem, { runId, state: 'replayed' });
    const totals = totalComparisons(items.map((i) => i.comparison!));
    await this.em.nativeUpdate(WhatIfRun, { id: runId, state: 'running' }, { state: 'finished', totals, finishedAt: new Date() });
  }
}
