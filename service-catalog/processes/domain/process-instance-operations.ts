import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProcessGraph } from '../../../engine/compiler';
import {
  ProcessInstanceNotFound,
  type ActivateAdHocElementsRequest,
  type EngineClient,
  type ProcessInstanceView,
} from '../../../workflows/client';
import { AdHocSubProcess } from '../../../engine/runtime/ad-hoc';
import { planMigration, type ElementMapping, type MigrationPlan } from '../../../engine/runtime/migrate-state';
import type { ProcessState } from '../../../engine/runtime/process-state';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { InvalidInput, WrongState, NotFound, RuleViolation } from '../../errors';
import { recordTermination } from './instance-termination';
import { ProcessDefinitionService } from './process-definition-service';
import type { ProcessDefinition } from './process-definition.entity';
import type { InstanceTermination } from './process-instance-projection.entity';
import { ProcessInstanceService } from './process-instance-service';
import type { ProcessInstance } from './process-instance.entity';

/** A cancel the workflow took (its state now), or a termination in its place (why). */
export type CancelResult = { view: ProcessInstanceView } | { termination: InstanceTermination };

export interface MigrationPreview {
  instance: ProcessInstance;
  target: ProcessDefinition;
  plan: MigrationPlan;
}

/**
 * What a process owner does to a running instance: cancel, retry an incident, set variables, move it
 * to another version. Each goes through the workflow (a Temporal update) and is audited with who and why.
 */
export class ProcessInstanceOperations {
  private readonly instances: ProcessInstanceService;
  private readonly definitions: ProcessDefinitionService;

  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
  ) {
    this.instances = new ProcessInstanceService(em, engine);
    this.definitions = new ProcessDefinitionService(em);
  }

  /**
   * Cancels through the workflow; when it cannot take the request (see EngineClient.cancel) the
   * execution is terminated instead, and that is what the audit log and the projection say.
   */
  async cancel(id: string, reason: string, actor: Actor): Promise<CancelResult> {
    // Only the record: asking a stuck workflow for its state would wait for nothing.
    const instance = await this.instances.record(id);
    const outcome = await this.engine.cancel(id, reason).catch(endedIs409(id));
    if ('canceled' in outcome) {
      await this.audit(actor, 'processInstance.canceled', instance, null, { reason });
      return { view: outcome.canceled };
    }
    const termination: InstanceTermination = { reason, cause: outcome.terminated.cause, at: new Date().toISOString(), by: actor.name };
    await this.em.transactional(async (em) => {
      await recordTermination(em, { id: instance.id, definitionId: instance.definition.id, version: instance.version }, termination);
      recordAudit(em, actor, {
        action: 'processInstance.terminated',
        entity: 'ProcessInstance',
        entityId: instance.id,
        before: null,
        after: { reason, cause: termination.cause },
      });
    });
    return { termination };
  }

  async retryIncident(id: string, incidentKey: number, actor: Actor): Promise<ProcessInstanceView> {
    const { instance, view: live } = await this.running(id);
    const incident = live.incidents.find((i) => i.key === incidentKey);
    if (!incident) throw new NotFound('INCIDENT_NOT_FOUND', `process instance ${id} has no open incident ${incidentKey}`);
    const view = await this.engine.retryIncident(id, incidentKey).catch(endedIs409(id));
    await this.audit(actor, 'incident.retried', instance, { incidentKey, elementId: incident.elementId, message: incident.message }, null);
    return view;
  }

  async setVariables(
    id: string,
    req: { variables: Record<string, unknown>; scopeKey?: number; reason: string; propagate?: boolean },
    actor: Actor,
  ): Promise<ProcessInstanceView> {
    const { instance, view: live } = await this.running(id);
    if (req.scopeKey !== undefined && !live.history.some((h) => h.key === req.scopeKey && h.state === 'active')) {
      throw new RuleViolation('SCOPE_NOT_ACTIVE', `element instance ${req.scopeKey} is not active in process instance ${id}`, [
        { field: 'scopeKey', message: 'must be the key of an active element instance' },
      ]);
    }
    const scope = req.scopeKey === undefined ? live.variables : (live.scopes?.find((s) => s.key === req.scopeKey)?.variables ?? {});
    const before = Object.fromEntries(Object.keys(req.variables).map((k) => [k, scope[k] ?? null]));
    const view = await this.engine.setVariables(id, req.variables, req.scopeKey, req.propagate === true).catch(endedIs409(id));
    await this.audit(
      actor,
      'processInstance.variablesSet',
      instance,
      { variables: before },
      {
        variables: req.variables,
        reason: req.reason,
        ...(req.scopeKey !== undefined ? { scopeKey: req.scopeKey } : {}),
        ...(req.propagate ? { propagated: true } : {}),
      },
    );
    return view;
  }

  /**
   * Camunda 8.8's activation of inner elements of a running ad-hoc sub-process: refused, naming the field,
   * for an element instance that is not an active ad-hoc sub-process (404) or an element it may not activate
   * (400); the workflow says 409 when its completion condition already held. Audited with who asked.
   */
  async activateAdHocElements(id: string, req: ActivateAdHocElementsRequest, actor: Actor): Promise<ProcessInstanceView> {
    const { instance, view: live } = await this.running(id);
    const active = live.history.find((h) => h.key === req.elementInstanceKey && h.state === 'active');
    const node = active && (await this.definitions.get(instance.definition.id)).graph.elements[active.elementId];
    if (!active || !AdHocSubProcess.isAdHoc(node))
      throw new NotFound(
        'AD_HOC_SUB_PROCESS_NOT_FOUND',
        `element instance ${req.elementInstanceKey} of process instance ${id} is not an active ad-hoc sub-process`,
      );
    const activatable = node.adHoc.activatableIds;
    const refused = req.elements.flatMap((e, i) =>
      activatable.includes(e.elementId)
        ? []
        : [{ field: `payload.elements[${i}].elementId`, message: `${node.id} may activate ${activatable.join(', ')}` }],
    );
    if (refused.length)
      throw new InvalidInput('NOT_ACTIVATABLE', `${node.id} cannot activate ${refused.map((r) => r.field).join(', ')}`, refused);
    const view = await this.engine.activateAdHocElements(id, req).catch(endedIs409(id));
    await this.audit(actor, 'processInstance.adHocElementsActivated', instance, null, {
      adHocSubProcess: node.id,
      elementInstanceKey: req.elementInstanceKey,
      elements: req.elements.map((e) => e.elementId),
      ...(req.cancelRemainingInstances ? { cancelRemainingInstances: true } : {}),
    });
    return view;
  }

  /** What migrating would do to each active element, without doing it. */
  async previewMigration(id: string, targetDefinitionId: string, mappings: ElementMapping[]): Promise<MigrationPreview> {
    const { instance, view } = await this.running(id);
    const target = await this.definitions.get(targetDefinitionId);
    if (target.processId !== instance.processId) {
      throw new RuleViolation(
        'MIGRATION_REFUSED',
        `version ${target.version} belongs to process "${target.processId}", not "${instance.processId}"`,
        [{ field: 'targetDefinitionId', message: `must be a version of "${instance.processId}"` }],
      );
    }
    const from = (await this.definitions.get(instance.definition.id)).graph;
    return { instance, target, plan: planMigration(stateOf(view, from), from, target.graph, mappings) };
  }

  /** Moves the instance to another version; refused (422) naming every active element without a target. */
  async migrate(
    id: string,
    targetDefinitionId: string,
    mappings: ElementMapping[],
    actor: Actor,
  ): Promise<{ preview: MigrationPreview; view: ProcessInstanceView; from: { id: string; version: number } }> {
    const preview = await this.previewMigration(id, targetDefinitionId, mappings);
    const { instance, target, plan } = preview;
    if (target.id === instance.definition.id)
      throw new WrongState('ALREADY_ON_VERSION', `process instance ${id} already runs on version ${target.version}`);
    if (plan.problems.length) {
      throw new RuleViolation(
        'MIGRATION_REFUSED',
        `process instance ${id} cannot move to version ${target.version}: ${plan.problems.map((p) => p.message).join('; ')}`,
        plan.problems,
      );
    }
    const view = await this.engine
      .migrate(id, { graph: target.graph, definition: { id: target.id, processId: target.processId, version: target.version }, mappings })
      .catch(endedIs409(id));
    const before = { definitionId: instance.definition.id, version: instance.version };
    instance.definition = target;
    instance.version = target.version;
    await this.audit(actor, 'processInstance.migrated', instance, before, {
      definitionId: target.id,
      version: target.version,
      mappings,
      moves: plan.items,
    });
    return { preview, view, from: { id: before.definitionId, version: before.version } };
  }

  private async running(id: string): Promise<{ instance: ProcessInstance; view: ProcessInstanceView }> {
    const { instance, view, status } = await this.instances.get(id);
    if (!view)
      throw new WrongState('STATE_UNAVAILABLE', `the state of process instance ${id} could not be read (status ${status}); try again`);
    if (view.status !== 'active') throw new WrongState('NOT_ACTIVE', `process instance ${id} has ended`);
    return { instance, view };
  }

  private async audit(actor: Actor, action: string, instance: ProcessInstance, before: object | null, after: object | null): Promise<void> {
    recordAudit(this.em, actor, { action, entity: 'ProcessInstance', entityId: instance.id, before, after });
    await this.em.flush();
  }
}

/** Temporal answers "not found" for a workflow that has closed; the instance exists, so it has just ended. */
function endedIs409(id: string) {
  return (err: unknown): never => {
    if (err instanceof ProcessInstanceNotFound) throw new WrongState('NOT_ACTIVE', `process instance ${id} has ended`);
    throw err;
  };
}

/** Enough of the interpreter state, rebuilt from a view, for `planMigration` (pending joins are checked by the workflow). */
function stateOf(view: ProcessInstanceView, graph: ProcessGraph): ProcessState {
  return {
    status: view.status,
    variables: view.variables,
    elementInstances: view.history.map((h) => ({
      key: h.key,
      elementId: h.elementId,
      kind: graph.elements[h.elementId]?.kind ?? ('unknown' as never),
      state: h.state as 'active' | 'completed' | 'terminated',
      enteredAt: h.enteredAt,
      ...(h.scopeKey !== undefined ? { scopeKey: h.scopeKey } : {}),
    })) as ProcessState['elementInstances'],
    joins: {},
    incidents: view.incidents,
    nextKey: 0,
    startedAt: view.startedAt,
  };
}
