import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ProcessInstanceNotFound, type EngineClient, type ProcessInstanceView } from '../../../engine/client';
import { Conflict, NotFound } from '../../errors';
import { ProcessDefinitionService } from './process-definition-service';
import { ProcessInstance } from './process-instance.entity';
import { parseUserTaskId, userTaskId } from './user-task-id';

export type InstanceStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'TERMINATED' | 'CONTINUED_AS_NEW' | 'TIMED_OUT' | 'UNKNOWN';

export interface ProcessInstanceDetail {
  instance: ProcessInstance;
  status: InstanceStatus;
  /** Absent only when the workflow could not be asked (server down, history gone). */
  view?: ProcessInstanceView;
}

/** Starts process instances and reads them back: the record from PostgreSQL, the live state from Temporal. */
export class ProcessInstanceService {
  private readonly definitions: ProcessDefinitionService;

  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
  ) {
    this.definitions = new ProcessDefinitionService(em);
  }

  /**
   * Records the instance and starts its workflow in one transaction: if Temporal refuses, the row is
   * rolled back, so the list never shows an instance that does not run.
   */
  async start(req: { processId: string; version?: number; businessKey?: string; variables?: Record<string, unknown> }): Promise<ProcessInstance> {
    const definition = await this.definitions.resolve(req.processId, req.version);
    return this.em.transactional(async (em) => {
      const instance = em.create(ProcessInstance, {
        id: randomUUID(),
        definition,
        processId: definition.processId,
        version: definition.version,
        businessKey: req.businessKey ?? null,
        startedAt: new Date(),
      });
      await em.persist(instance).flush();
      await this.engine.start({
        instanceId: instance.id,
        graph: definition.graph,
        definition: { id: definition.id, processId: definition.processId, version: definition.version },
        variables: req.variables ?? {},
        ...(req.businessKey ? { businessKey: req.businessKey } : {}),
      });
      return instance;
    });
  }

  async list(opts: { processId?: string; businessKey?: string; limit: number; offset: number }): Promise<{ items: ProcessInstanceDetail[]; total: number }> {
    const where = {
      ...(opts.processId ? { processId: opts.processId } : {}),
      ...(opts.businessKey ? { businessKey: opts.businessKey } : {}),
    };
    const [rows, total] = await this.em.findAndCount(ProcessInstance, where, {
      orderBy: { startedAt: 'desc', id: 'asc' },
      limit: opts.limit,
      offset: opts.offset,
    });
    return { items: await Promise.all(rows.map((row) => this.withLiveState(row))), total };
  }

  async get(id: string): Promise<ProcessInstanceDetail> {
    const instance = await this.em.findOne(ProcessInstance, { id });
    if (!instance) throw new NotFound('PROCESS_INSTANCE_NOT_FOUND', `process instance ${id} does not exist`);
    return this.withLiveState(instance);
  }

  /** Completes the user task through the workflow, which validates it is open; returns the new state. */
  async completeUserTask(taskId: string, variables: Record<string, unknown>): Promise<ProcessInstanceView> {
    const { processInstanceId, elementInstanceKey } = parseUserTaskId(taskId);
    const instance = await this.em.findOne(ProcessInstance, { id: processInstanceId });
    if (!instance) throw new NotFound('TASK_NOT_FOUND', `task ${taskId} does not exist`);
    try {
      return await this.engine.completeUserTask(processInstanceId, elementInstanceKey, variables);
    } catch (err) {
      // Temporal answers "not found" for a workflow that has closed; the instance exists, so the task is just over.
      if (err instanceof ProcessInstanceNotFound) throw new Conflict('TASK_NOT_OPEN', `task ${taskId} is not open: its process instance has ended`);
      throw err;
    }
  }

  private async withLiveState(instance: ProcessInstance): Promise<ProcessInstanceDetail> {
    try {
      const { status, view } = await this.engine.inspect(instance.id);
      return { instance, status: status as InstanceStatus, ...(view ? { view } : {}) };
    } catch (err) {
      if (err instanceof ProcessInstanceNotFound) return { instance, status: 'UNKNOWN' };
      throw err;
    }
  }
}

export { userTaskId };
