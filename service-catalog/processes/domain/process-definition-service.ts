import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { compileProcess, type CompileProblem } from '../../../engine/compiler';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { NotFound } from '../../errors';
import { ProcessDefinition } from './process-definition.entity';

export interface DeployResult {
  definition: ProcessDefinition;
  warnings: CompileProblem[];
  /** False when identical XML was already the latest version: nothing new was stored. */
  created: boolean;
  /** The version this one replaced, if any. */
  previous?: ProcessDefinition;
}

/** Deploys and reads process definitions. Compiling happens before anything is written. */
export class ProcessDefinitionService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Compiles the XML and stores it as the next version of its process id. Identical XML to the latest
   * version is not a new version (as in Camunda), so re-running a deploy script is harmless.
   * @throws BpmnParseError / BpmnValidationError from the compiler; nothing is stored then.
   */
  async deploy(xml: string, actor: Actor): Promise<DeployResult> {
    const { graph, warnings, contentHash } = await compileProcess(xml);
    for (let attempt = 0; ; attempt++) {
      const latest = await this.findLatest(graph.processId);
      if (latest && latest.contentHash === contentHash) return { definition: latest, warnings, created: false };
      const definition = this.em.create(ProcessDefinition, {
        id: randomUUID(),
        processId: graph.processId,
        version: (latest?.version ?? 0) + 1,
        name: graph.name ?? null,
        xml,
        graph,
        contentHash,
        deployedAt: new Date(),
      });
      recordAudit(this.em, actor, {
        action: 'processDefinition.deployed',
        entity: 'ProcessDefinition',
        entityId: definition.id,
        before: latest ? { id: latest.id, version: latest.version, contentHash: latest.contentHash } : null,
        after: { processId: definition.processId, version: definition.version, contentHash },
      });
      try {
        await this.em.persist(definition).flush();
        return { definition, warnings, created: true, ...(latest ? { previous: latest } : {}) };
      } catch (err) {
        // Two deploys of the same process raced for a version number: the unique key decides, we retry.
        if (!(err instanceof UniqueConstraintViolationException) || attempt >= 3) throw err;
        this.em.clear();
      }
    }
  }

  async list(opts: { processId?: string; limit: number; offset: number }): Promise<{ items: ProcessDefinition[]; total: number }> {
    const [items, total] = await this.em.findAndCount(
      ProcessDefinition,
      opts.processId ? { processId: opts.processId } : {},
      { orderBy: { processId: 'asc', version: 'desc' }, limit: opts.limit, offset: opts.offset },
    );
    return { items, total };
  }

  async get(id: string): Promise<ProcessDefinition> {
    const definition = await this.em.findOne(ProcessDefinition, { id }, { populate: ['xml'] });
    if (!definition) throw new NotFound('PROCESS_DEFINITION_NOT_FOUND', `process definition ${id} does not exist`);
    return definition;
  }

  /** The version new instances use: the newest, or an explicit one. */
  async resolve(processId: string, version?: number): Promise<ProcessDefinition> {
    const definition = version === undefined ? await this.findLatest(processId) : await this.em.findOne(ProcessDefinition, { processId, version });
    if (!definition) {
      const which = version === undefined ? '' : ` version ${version}`;
      throw new NotFound('PROCESS_DEFINITION_NOT_FOUND', `process "${processId}"${which} is not deployed`);
    }
    return definition;
  }

  private findLatest(processId: string): Promise<ProcessDefinition | null> {
    return this.em.findOne(ProcessDefinition, { processId }, { orderBy: { version: 'desc' } });
  }
}
