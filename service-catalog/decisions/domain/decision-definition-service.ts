import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CompiledDecisions } from '../../../engine/dmn';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { inProcessCompiler, type Compiler } from '../../compile/compiler';
import { NotFound } from '../../errors';
import { DecisionDefinition } from './decision-definition.entity';

export interface DecisionDeployResult {
  decisions: DecisionDefinition[];
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
 */
export async function storeDecisions(
  em: EntityManager,
  { graph, contentHash }: CompiledDecisions,
  xml: string,
  actor: Actor,
): Promise<DecisionDeployResult> {
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
  return { decisions, created };
}
