import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CompiledDecisions } from '../../../engine/dmn';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { inProcessCompiler, type Compiler } from '../../compile/compiler';
import { NotFound } from '../../errors';
import { DecisionDefinition } from './decision-definition.entity';
import { DecisionRequirements } from './decision-requirements.entity';

export interface DecisionDeployResult {
  decisions: DecisionDefinition[];
  /** The file as deployed: its new version, or the latest one when nothing in it changed. */
  requirements: DecisionRequirements;
  /** False when the XML was identical to the latest version of every decision in it. */
  created: boolean;
}

/** Deploys DMN files and finds the decision a business rule task calls. */
export class DecisionDefinitionService {
  /** @param compiler routes pass the server's worker pool; the in-process default is for scripts and reads. */
  constructor(
    private readonly em: EntityManager,
    private readonly compiler: Compiler = inProcessCompiler,
  ) {}

  /**
   * Every decision in the file becomes its next version, in one transaction: a file is all or nothing.
   * @throws DmnTooLargeError / DmnParseError / DmnValidationError; nothing is stored then.
   */
  async deploy(xml: string, actor: Actor): Promise<DecisionDeployResult> {
    const compiled = await this.compiler.compileDecisions(xml);
    return this.em.transactional((em) => storeDecisions(em as EntityManager, compiled, xml, actor));
  }

  async list(opts: { decisionId?: string; limit: number; offset: number }) {
    const [items, total] = await this.em.findAndCount(DecisionDefinition, opts.decisionId ? { decisionId: opts.decisionId } : {}, {
      orderBy: { decisionId: 'asc', version: 'desc' },
      limit: opts.limit,
      offset: opts.offset,
    });
    return { items, total };
  }

  async latest(decisionId: string): Promise<DecisionDefinition> {
    const found = await this.em.findOne(DecisionDefinition, { decisionId }, { orderBy: { version: 'desc' } });
    if (!found) throw new NotFound('DECISION_NOT_FOUND', `decision "${decisionId}" is not deployed`);
    return found;
  }

  /** One version of a decision with its DMN XML: the newest unless a version is named. */
  async withXml(decisionId: string, version?: number): Promise<DecisionDefinition> {
    const found = await this.em.findOne(
      DecisionDefinition,
      { decisionId, ...(version === undefined ? {} : { version }) },
      { orderBy: { version: 'desc' }, populate: ['xml'] },
    );
    if (!found)
      throw new NotFound(
        'DECISION_NOT_FOUND',
        version === undefined ? `decision "${decisionId}" is not deployed` : `decision "${decisionId}" has no version ${version}`,
      );
    return found;
  }
}

/**
 * Stores every decision of one compiled DMN file as its next version, in the caller's transaction (a
 * deployment of several files is one); a decision identical to its latest version is not stored again.
 * The file itself becomes the next version of its decision requirements unless it is identical to the
 * latest one; `resourceName` is the deployed file's name, when the deployment named one.
 */
export async function storeDecisions(
  em: EntityManager,
  compiled: CompiledDecisions,
  xml: string,
  actor: Actor,
  resourceName?: string,
): Promise<DecisionDeployResult> {
  const { graph, contentHash } = compiled;
  const requirements = await storeRequirements(em, compiled, xml, resourceName);
  const decisions: DecisionDefinition[] = [];
  let created = false;
  for (const decision of Object.values(graph.decisions)) {
    const latest = await em.findOne(DecisionDefinition, { decisionId: decision.id }, { orderBy: { version: 'desc' } });
    if (latest?.contentHash === contentHash) {
      decisions.push(latest);
      continue;
    }
    created = true;
    const next = em.create(DecisionDefinition, {
      id: randomUUID(),
      decisionId: decision.id,
      version: (latest?.version ?? 0) + 1,
      name: decision.name ?? null,
      xml,
      graph,
      contentHash,
      deployedAt: new Date(),
      versionTag: decision.versionTag ?? null,
      requirementsKey: requirements.id,
    });
    recordAudit(em, actor, {
      action: 'decisionDefinition.deployed',
      entity: 'DecisionDefinition',
      entityId: next.id,
      before: latest ? { id: latest.id, version: latest.version, contentHash: latest.contentHash } : null,
      after: { decisionId: next.decisionId, version: next.version, contentHash },
    });
    decisions.push(next);
  }
  await em.flush();
  return { decisions, created, requirements };
}

/** The file's decision requirements: the latest version when its content is the same, else the next one. */
async function storeRequirements(
  em: EntityManager,
  { graph, contentHash, requirementsId, requirementsName }: CompiledDecisions,
  xml: string,
  resourceName: string | undefined,
): Promise<DecisionRequirements> {
  const id = requirementsId || Object.keys(graph.decisions)[0]!;
  const latest = await em.findOne(DecisionRequirements, { requirementsId: id }, { orderBy: { version: 'desc' } });
  if (latest?.contentHash === contentHash) return latest;
  const next = em.create(DecisionRequirements, {
    id: randomUUID(),
    requirementsId: id,
    name: requirementsName ?? null,
    version: (latest?.version ?? 0) + 1,
    xml,
    contentHash,
    resourceName: resourceName ?? `${id}.dmn`,
    deployedAt: new Date(),
  });
  // written before the decisions that point at it: they name it by its id, not as a relation the flush would order
  await em.flush();
  return next;
}
