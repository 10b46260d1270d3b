import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../workflows/client';
import type { ElementMapping } from '../../../engine/runtime/migrate-state';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { DomainError, NotFound, RuleViolation, WrongState } from '../../errors';
import { MigrationBatch, MigrationItem, type MigrationItemState } from './migration-batch.entities';
import { ProcessDefinitionService } from './process-definition-service';
import type { ProcessDefinition } from './process-definition.entity';
import { ProcessInstanceOperations } from './process-instance-operations';

/** Instances one batch may take; a larger set is refused naming it (migrate a filtered set at a time). */
export const BATCH_MIGRATION_CAP = 2_000;

export interface BatchMigrationRequest {
  targetDefinitionId: string;
  mappings: ElementMapping[];
  /** Only these instances (each must be a running instance of the source version); all of them when absent. */
  instanceIds?: string[];
}

export interface BatchPreview {
  source: { definitionId: string; version: number };
  target: { definitionId: string; version: number };
  total: number;
  movable: number;
  /** Per element of the source: where its tokens go and how many instances have one there. */
  elements: Array<{ elementId: string; action: 'keep' | 'map' | 'refuse'; targetElementId?: string; instances: number }>;
  refused: Array<{ instanceId: string; businessKey: string | null; problems: Array<{ elementId?: string; message: string }> }>;
}

/**
 * Batch migration: every running instance of one version (or a chosen set of them) moved to another
 * version with one mapping. The preview asks each instance what the move would do; the start records
 * the batch and its items under the caller's own tenant scope and hands them to a workflow
 * (workflows/migration-batch), which migrates them one by one through the same path as a single
 * migration ({@link ProcessInstanceOperations.migrate}) and records each result.
 */
export class BatchMigrationService {
  private readonly definitions: ProcessDefinitionService;
  private readonly operations: ProcessInstanceOperations;

  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
  ) {
    this.definitions = new ProcessDefinitionService(em);
    this.operations = new ProcessInstanceOperations(em, engine);
  }

  async preview(sourceDefinitionId: string, req: BatchMigrationRequest): Promise<BatchPreview> {
    const { source, target } = await this.versions(sourceDefinitionId, req.targetDefinitionId);
    const instances = await this.candidates(source, req.instanceIds);
    const elements = new Map<string, BatchPreview['elements'][number]>();
    const refused: BatchPreview['refused'] = [];
    for (const { id, businessKey } of instances) {
      try {
        const { plan } = await this.operations.previewMigration(id, target.id, req.mappings);
        for (const move of plan.items) {
          const key = `${move.elementId}→${move.action}`;
          const seen = elements.get(key);
          if (seen) seen.instances += 1;
          else
            elements.set(key, {
              elementId: move.elementId,
              action: move.action,
              ...(move.targetElementId ? { targetElementId: move.targetElementId } : {}),
              instances: 1,
            });
        }
        if (plan.problems.length) refused.push({ instanceId: id, businessKey, problems: plan.problems });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        refused.push({ instanceId: id, businessKey, problems: [{ message: err.message }] });
      }
    }
    return {
      source: { definitionId: source.id, version: source.version },
      target: { definitionId: target.id, version: target.version },
      total: instances.length,
      movable: instances.length - refused.length,
      elements: [...elements.values()].sort((a, b) => a.elementId.localeCompare(b.elementId)),
      refused,
    };
  }

  /** Records the batch with every chosen instance as an item and starts its workflow. */
  async start(sourceDefinitionId: string, req: BatchMigrationRequest, actor: Actor): Promise<MigrationBatch> {
    const { source, target } = await this.versions(sourceDefinitionId, req.targetDefinitionId);
    const instances = await this.candidates(source, req.instanceIds);
    if (!instances.length)
      throw new WrongState('NOTHING_TO_MIGRATE', `version ${source.version} of "${source.processId}" has no running instance to move`);
    // The batch row first: its items refer to it, and the ORM knows no relation to order the inserts by.
    const batch = await this.em.transactional(async (tx) => {
      const created = tx.create(MigrationBatch, {
        id: randomUUID(),
        processId: source.processId,
        sourceDefinitionId: source.id,
        targetDefinitionId: target.id,
        mappings: req.mappings,
        state: 'running',
        total: instances.length,
        requestedBy: actor.name,
        createdAt: new Date(),
        organizationId: null,
      });
      await tx.flush();
      for (const i of instances)
        tx.create(MigrationItem, { batchId: created.id, instanceId: i.id, state: 'pending', organizationId: i.organizationId });
      recordAudit(tx, actor, {
        action: 'processMigrationBatch.started',
        entity: 'MigrationBatch',
        entityId: created.id,
        after: { from: source.version, to: target.version, mappings: req.mappings, instances: instances.length },
      });
      await tx.flush();
      return created;
    });
    await this.engine.migrationBatches().start(batch.id);
    return batch;
  }

  async get(batchId: string): Promise<{ batch: MigrationBatch; counts: Record<MigrationItemState, number> }> {
    const batch = await this.em.findOne(MigrationBatch, { id: batchId });
    if (!batch) throw new NotFound('MIGRATION_BATCH_NOT_FOUND', `there is no batch migration ${batchId}`);
    const rows = await this.em.execute<Array<{ state: MigrationItemState; n: number }>>(
      'select state, count(*)::int as n from process_migration_item where batch_id = ? group by state',
      [batchId],
    );
    const counts = { pending: 0, migrated: 0, failed: 0 };
    for (const r of rows) counts[r.state] = r.n;
    return { batch, counts };
  }

  items(batchId: string, filter: { state?: MigrationItemState; limit: number; offset: number }) {
    return this.em.findAndCount(
      MigrationItem,
      { batchId, ...(filter.state ? { state: filter.state } : {}) },
      {
        orderBy: { instanceId: 'asc' },
        limit: filter.limit,
        offset: filter.offset,
      },
    );
  }

  /**
   * The workflow's step: up to `size` pending items, each migrated and its result recorded before the next.
   * An item whose instance already runs on the target (a retried chunk that had moved it) counts as migrated.
   */
  async migrateChunk(batchId: string, size: number): Promise<{ migrated: number; failed: number; remaining: number }> {
    const batch = await this.em.findOneOrFail(MigrationBatch, { id: batchId });
    // Audited as the process owner who started the batch, through the batch.
    const actor: Actor = { id: null, name: `${batch.requestedBy} (batch migration ${batch.id})` };
    const items = await this.em.find(MigrationItem, { batchId, state: 'pending' }, { orderBy: { instanceId: 'asc' }, limit: size });
    let migrated = 0;
    let failed = 0;
    for (const item of items) {
      let state: MigrationItemState = 'migrated';
      let message: string | null = null;
      let problems: MigrationItem['problems'] = null;
      try {
        await this.operations.migrate(item.instanceId, batch.targetDefinitionId, batch.mappings, actor);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.code !== 'ALREADY_ON_VERSION') {
          state = 'failed';
          message = err.message;
          problems = err.details.length ? err.details : null;
        }
      }
      await this.em.nativeUpdate(
        MigrationItem,
        { batchId, instanceId: item.instanceId },
        { state, message, problems, finishedAt: new Date() },
      );
      if (state === 'migrated') migrated++;
      else failed++;
    }
    const remaining = await this.em.count(MigrationItem, { batchId, state: 'pending' });
    return { migrated, failed, remaining };
  }

  async finish(batchId: string): Promise<void> {
    await this.em.nativeUpdate(MigrationBatch, { id: batchId, state: 'running' }, { state: 'finished', finishedAt: new Date() });
  }

  private async versions(sourceId: string, targetId: string): Promise<{ source: ProcessDefinition; target: ProcessDefinition }> {
    const source = await this.definitions.get(sourceId);
    const target = await this.definitions.get(targetId);
    if (target.processId !== source.processId)
      throw new RuleViolation(
        'MIGRATION_REFUSED',
        `version ${target.version} belongs to process "${target.processId}", not "${source.processId}"`,
        [{ field: 'payload.targetDefinitionId', message: `must be a version of "${source.processId}"` }],
      );
    if (target.id === source.id)
      throw new RuleViolation('MIGRATION_REFUSED', `source and target are the same version ${source.version}`, [
        { field: 'payload.targetDefinitionId', message: 'must be another version' },
      ]);
    return { source, target };
  }

  /** Running instances of `source` the caller sees (row-level security and the ORM filter both apply). */
  private async candidates(source: ProcessDefinition, instanceIds?: string[]) {
    const rows = await this.em.execute<Array<{ id: string; business_key: string | null; organization_id: string | null }>>(
      `select i.id, i.business_key, i.organization_id from process_instance i
         left join process_instance_projection p on p.instance_id = i.id
        where i.definition_id = ? and coalesce(p.status, 'active') = 'active' ${instanceIds ? 'and i.id in (?)' : ''}
        order by i.started_at, i.id limit ?`,
      [source.id, ...(instanceIds ? [instanceIds] : []), BATCH_MIGRATION_CAP + 1],
    );
    if (rows.length > BATCH_MIGRATION_CAP)
      throw new RuleViolation(
        'BATCH_TOO_LARGE',
        `version ${source.version} has more than ${BATCH_MIGRATION_CAP} running instances; a batch takes at most ${BATCH_MIGRATION_CAP} (name them in instanceIds)`,
        [{ field: 'payload.instanceIds', message: `at most ${BATCH_MIGRATION_CAP} instances per batch` }],
      );
    if (instanceIds) {
      const found = new Set(rows.map((r) => r.id));
      const missing = instanceIds.filter((id) => !found.has(id));
      if (missing.length)
        throw new RuleViolation(
          'NOT_RUNNING_ON_VERSION',
          `not running instances of version ${source.version}: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}`,
          missing.slice(0, 50).map((id) => ({ field: 'payload.instanceIds', message: `${id} is not a running instance of this version` })),
        );
    }
    return rows.map((r) => ({ id: r.id, businessKey: r.business_key, organizationId: r.organization_id }));
  }
}
