import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { BpmnValidationError, type CompileProblem, type ProcessGraph } from '../../../engine/compiler';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { inProcessCompiler, type Compiler } from '../../compile/compiler';
import { WrongState, NotFound } from '../../errors';
import { compileDecisionFiles, outsideDeployment } from './deployment-bindings';
import { storeDecisions } from '../../decisions/domain/decision-definition-service';
import type { DecisionDefinition } from '../../decisions/domain/decision-definition.entity';
import type { DecisionRequirements } from '../../decisions/domain/decision-requirements.entity';
import { diffGraphs, type GraphDiff } from './diff-graphs';
import { storeForms, type FormDeployResult, type FormResource } from './form-definition-service';
import { ProcessDefinition } from './process-definition.entity';

/** The decisions one DMN file of a deployment brought (new versions or unchanged ones), in the file's order. */
export interface DecisionFileResult {
  decisions: DecisionDefinition[];
  /** The file's `definitions` id (Camunda's decision requirements id). */
  requirementsId: string;
  /** The file as deployed (Camunda's decision requirements): a new version, or the latest when unchanged. */
  requirements: DecisionRequirements;
  fileIndex: number;
}

export interface DeployResult {
  definition: ProcessDefinition;
  warnings: CompileProblem[];
  /** False when identical XML was already the latest version: nothing new was stored. */
  created: boolean;
  /** The version this one replaced, if any. */
  previous?: ProcessDefinition;
  /** Which file of the deployment the process came from. */
  fileIndex: number;
}

/** Deploys and reads process definitions. Compiling happens before anything is written. */
export class ProcessDefinitionService {
  /** @param compiler routes pass the server's worker pool; the in-process default is for scripts and reads. */
  constructor(
    private readonly em: EntityManager,
    private readonly compiler: Compiler = inProcessCompiler,
  ) {}

  /**
   * Compiles the XML and stores every executable process in it as the next version of its process id
   * (the first is the answer's `definition`; all are in {@link deployAll}'s result). Identical XML to
   * the latest version is not a new version (as in Camunda), so re-running a deploy script is harmless.
   * @throws BpmnTooLargeError / BpmnParseError / BpmnValidationError from the compiler; nothing is stored then.
   */
  async deploy(xml: string, actor: Actor): Promise<DeployResult> {
    return (await this.deployAll([xml], actor))[0]!;
  }

  /**
   * One atomic deployment of several files, as Camunda 8 makes one of a multi-resource deploy: every
   * file is compiled first (a refusal of any stores nothing), then every process of every file is
   * written in one transaction. A call activity may name a process of any file of the deployment.
   */
  async deployAll(xmls: readonly string[], actor: Actor): Promise<DeployResult[]> {
    return (await this.deployResources(xmls, [], actor)).processes;
  }

  /**
   * {@link deployAll} with Camunda forms (issue 16) in the same atomic deployment: the forms are
   * stored as the next versions of their form ids, and each new process version remembers the forms
   * of its deployment, which its user tasks with `bindingType="deployment"` show (a task naming a form
   * the deployment lacks refuses the deployment, as Camunda does). DMN files (`dmns`) deploy with them,
   * each decision as its next version, in the same transaction. `names` are the files' names, where the
   * deployment gave them (Camunda's `resourceName`), by the index of their XML.
   */
  async deployResources(
    xmls: readonly string[],
    forms: readonly FormResource[],
    actor: Actor,
    dmns: readonly string[] = [],
    names: { bpmn?: readonly (string | undefined)[]; dmn?: readonly (string | undefined)[] } = {},
  ): Promise<{ processes: DeployResult[]; forms: FormDeployResult[]; decisions: DecisionFileResult[] }> {
    const decisionFiles = await compileDecisionFiles(this.compiler, dmns);
    const deployed = await this.deployedProcessIds();
    const compiledFiles = await Promise.all(xmls.map((xml) => this.compiler.compileProcesses(xml, { deployedProcessIds: deployed })));
    const inDeployment = new Set(compiledFiles.flat().map((c) => c.graph.processId));
    const compiled = compiledFiles.flatMap((file, i) =>
      file.map((c) => ({
        ...c,
        xml: xmls[i]!,
        fileIndex: i,
        // Warned against a process another file of this deployment brings: not missing after all.
        warnings: c.warnings.filter((w) => w.code !== 'UNKNOWN_CALLED_PROCESS' || !calls(c.graph, w.elementId, inDeployment)),
      })),
    );
    const twice = compiled.map((c) => c.graph.processId).find((id, i, all) => all.indexOf(id) !== i);
    if (twice) {
      throw new BpmnValidationError([{ message: `process "${twice}" is in the deployment more than once`, code: 'DUPLICATE_PROCESS_ID' }]);
    }
    const decisionIds = new Set(decisionFiles.flatMap((f) => Object.keys(f.graph.decisions)));
    const unbound = outsideDeployment(compiled, { forms, processIds: inDeployment, decisionIds });
    if (unbound.length) throw new BpmnValidationError(unbound);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.em.transactional(async (em) => {
          const formResults = await storeForms(em, forms, actor);
          const decisionResults: DecisionFileResult[] = [];
          for (const [fileIndex, file] of decisionFiles.entries()) {
            const { decisions, requirements } = await storeDecisions(em, file, dmns[fileIndex]!, actor, names.dmn?.[fileIndex]);
            decisionResults.push({ decisions, requirementsId: requirements.requirementsId, requirements, fileIndex });
          }
          const decisionBindings = decisionResults.length
            ? Object.fromEntries(decisionResults.flatMap((f) => f.decisions.map((d) => [d.decisionId, d.id])))
            : null;
          const formBindings = formResults.length
            ? Object.fromEntries(formResults.map((f) => [f.definition.formId, f.definition.id]))
            : null;
          const results: DeployResult[] = [];
          // Known before anything is written: a version's deployment-bound calls start its siblings in this deployment.
          const processBindings: Record<string, string> = {};
          const latestOf = new Map<string, ProcessDefinition | null>();
          for (const { graph, contentHash } of compiled) {
            const latest = await em.findOne(ProcessDefinition, { processId: graph.processId }, { orderBy: { version: 'desc' } });
            latestOf.set(graph.processId, latest);
            processBindings[graph.processId] = latest && latest.contentHash === contentHash ? latest.id : randomUUID();
          }
          for (const { graph, warnings, contentHash, xml, fileIndex } of compiled) {
            const latest = latestOf.get(graph.processId) ?? null;
            if (latest && latest.contentHash === contentHash) {
              results.push({ definition: latest, warnings, created: false, fileIndex });
              continue;
            }
            const definition = em.create(ProcessDefinition, {
              id: processBindings[graph.processId]!,
              processId: graph.processId,
              version: (latest?.version ?? 0) + 1,
              name: graph.name ?? null,
              xml,
              graph,
              contentHash,
              deployedAt: new Date(),
              formBindings,
              versionTag: graph.versionTag ?? null,
              processBindings,
              decisionBindings,
              resourceName: names.bpmn?.[fileIndex] ?? null,
            });
            recordAudit(em, actor, {
              action: 'processDefinition.deployed',
              entity: 'ProcessDefinition',
              entityId: definition.id,
              before: latest ? { id: latest.id, version: latest.version, contentHash: latest.contentHash } : null,
              after: { processId: definition.processId, version: definition.version, contentHash },
            });
            em.persist(definition);
            results.push({ definition, warnings, created: true, fileIndex, ...(latest ? { previous: latest } : {}) });
          }
          await em.flush();
          return { processes: results, forms: formResults, decisions: decisionResults };
        });
      } catch (err) {
        // Two deploys of the same process raced for a version number: the unique key decides, we retry.
        if (!(err instanceof UniqueConstraintViolationException) || attempt >= 3) throw err;
        this.em.clear();
      }
    }
  }

  async list(opts: {
    processId?: string;
    includeArchived?: boolean;
    limit: number;
    offset: number;
  }): Promise<{ items: ProcessDefinition[]; total: number; activeIds: Set<string> }> {
    const [items, total] = await this.em.findAndCount(
      ProcessDefinition,
      { ...(opts.processId ? { processId: opts.processId } : {}), ...(opts.includeArchived === false ? { archivedAt: null } : {}) },
      { orderBy: { processId: 'asc', version: 'desc' }, limit: opts.limit, offset: opts.offset },
    );
    const active = await Promise.all([...new Set(items.map((d) => d.processId))].map((processId) => this.findActive(processId)));
    return { items, total, activeIds: new Set(active.flatMap((d) => (d ? [d.id] : []))) };
  }

  /** Whether this version is the one new instances of its process start on. */
  async isActive(definition: ProcessDefinition): Promise<boolean> {
    return (await this.findActive(definition.processId))?.id === definition.id;
  }

  /**
   * Compiles without storing: the problems that would refuse a deploy, and the lint warnings, each
   * naming its element. Not-BPMN-at-all still throws BpmnParseError (400).
   */
  async validate(xml: string): Promise<{ valid: boolean; errors: CompileProblem[]; warnings: CompileProblem[] }> {
    try {
      const compiled = await this.compiler.compileProcesses(xml);
      return { valid: true, errors: [], warnings: compiled.flatMap((c) => c.warnings) };
    } catch (err) {
      if (err instanceof BpmnValidationError) return { valid: false, errors: err.problems, warnings: [] };
      throw err;
    }
  }

  /** Changes from `baseId` to another stored version, or to not-yet-deployed XML (studio's "diff against deployed"). */
  async diff(
    baseId: string,
    target: { definitionId?: string; xml?: string },
  ): Promise<{ base: ProcessDefinition; target?: ProcessDefinition; diff: GraphDiff }> {
    const base = await this.get(baseId);
    if (target.definitionId) {
      const other = await this.get(target.definitionId);
      return { base, target: other, diff: diffGraphs(base.graph, other.graph) };
    }
    const { graph } = await this.compiler.compileProcess(target.xml!);
    return { base, diff: diffGraphs(base.graph, graph) };
  }

  /** Marks a version as the one new instances use, until it is archived or a newer version is deployed. */
  async activate(id: string, actor: Actor): Promise<ProcessDefinition> {
    const definition = await this.get(id);
    if (definition.archivedAt)
      throw new WrongState(
        'PROCESS_DEFINITION_ARCHIVED',
        `version ${definition.version} of "${definition.processId}" is archived; it cannot start instances`,
      );
    const before = await this.findActive(definition.processId);
    definition.activatedAt = new Date();
    recordAudit(this.em, actor, {
      action: 'processDefinition.activated',
      entity: 'ProcessDefinition',
      entityId: definition.id,
      before: before ? { activeDefinitionId: before.id, version: before.version } : null,
      after: { activeDefinitionId: definition.id, version: definition.version },
    });
    await this.em.flush();
    return definition;
  }

  /** Archived versions start no new instances (running ones finish on them); idempotent. */
  async archive(id: string, actor: Actor): Promise<ProcessDefinition> {
    const definition = await this.get(id);
    if (definition.archivedAt) return definition;
    definition.archivedAt = new Date();
    recordAudit(this.em, actor, {
      action: 'processDefinition.archived',
      entity: 'ProcessDefinition',
      entityId: definition.id,
      after: { processId: definition.processId, version: definition.version },
    });
    await this.em.flush();
    return definition;
  }

  async get(id: string): Promise<ProcessDefinition> {
    const definition = await this.em.findOne(ProcessDefinition, { id }, { populate: ['xml'] });
    if (!definition) throw new NotFound('PROCESS_DEFINITION_NOT_FOUND', `process definition ${id} does not exist`);
    return definition;
  }

  /** The version new instances use: the active one (see `findActive`), or an explicit, unarchived one. */
  async resolve(processId: string, version?: number): Promise<ProcessDefinition> {
    const definition =
      version === undefined ? await this.findActive(processId) : await this.em.findOne(ProcessDefinition, { processId, version });
    if (!definition) {
      const which = version === undefined ? ' (no unarchived version)' : ` version ${version}`;
      throw new NotFound('PROCESS_DEFINITION_NOT_FOUND', `process "${processId}"${which} is not deployed`);
    }
    if (definition.archivedAt)
      throw new WrongState(
        'PROCESS_DEFINITION_ARCHIVED',
        `version ${definition.version} of "${processId}" is archived; it cannot start instances`,
      );
    return definition;
  }

  private async deployedProcessIds(): Promise<Set<string>> {
    const rows = await this.em.getConnection().execute<Array<{ process_id: string }>>('select distinct process_id from process_definition');
    return new Set(rows.map((r) => r.process_id));
  }

  /**
   * The unarchived version whose latest of (deployed, activated) time is newest: a deploy makes the
   * new version active, "activate" makes an older one active again, until the next deploy.
   */
  async findActive(processId: string): Promise<ProcessDefinition | null> {
    // Chosen in SQL, so only the one graph is read: every ticket create asks this.
    const [row] = (await this.em.execute(
      `select id from process_definition where process_id = ? and archived_at is null
        order by greatest(deployed_at, coalesce(activated_at, deployed_at)) desc, version desc limit 1`,
      [processId],
    )) as Array<{ id: string }>;
    return row ? this.em.findOne(ProcessDefinition, { id: row.id }) : null;
  }
}

function calls(graph: ProcessGraph, elementId: string | undefined, processIds: ReadonlySet<string>): boolean {
  const node = elementId ? graph.elements[elementId] : undefined;
  return node?.kind === 'callActivity' && processIds.has(node.calledProcessId);
}
