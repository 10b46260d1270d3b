import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineActivities } from '../client';
import { engineClientInActivity, type ProcessQueues } from './process-queues';
import type { Orm } from '../../service-catalog/db/orm';
import { EventSubscriptionStore } from '../../service-catalog/messages/domain/event-subscription-store';
import { MessageService } from '../../service-catalog/messages/domain/message-service';
import { DecisionDefinition } from '../../service-catalog/decisions/domain/decision-definition.entity';
import { resolveBoundDecision, resolveBoundProcess } from '../../service-catalog/processes/domain/deployment-bindings';
import { resolveTaskForm } from '../../service-catalog/processes/domain/form-definition-service';
import { ProcessDefinitionService } from '../../service-catalog/processes/domain/process-definition-service';
import { ProcessDefinition } from '../../service-catalog/processes/domain/process-definition.entity';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { ProcessInstanceService } from '../../service-catalog/processes/domain/process-instance-service';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { NotFound, WrongState } from '../../service-catalog/errors';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';

function bypassEm(orm: Orm, reason: string): EntityManager {
  const em = orm.em.fork() as EntityManager;
  setTenantScope(em, TenantScope.all(reason));
  return em;
}

/** What the interpreter asks of the application: called processes, decisions, and the correlation tables. */
export const createEngineActivities = ({
  orm,
  localTaskTypes = [],
  inProcessTaskTypes,
  queues,
}: {
  orm: Orm;
  localTaskTypes?: readonly string[];
  inProcessTaskTypes?: readonly string[];
  /** The worker's queues (see process-queues.ts); unset, the activity's own. */
  queues?: ProcessQueues;
}): EngineActivities => ({
  async resolveProcessDefinition({ processId, binding, callerDefinitionId }) {
    const em = orm.em.fork() as EntityManager;
    // Bound (Camunda 8.6): the version deployed with the caller, or the newest with a version tag; else the
    // version a process owner made active (newest unarchived unless they activated an older one).
    const definition =
      binding && callerDefinitionId
        ? await asIncident(resolveBoundProcess(em, processId, binding, callerDefinitionId))
        : await new ProcessDefinitionService(em).findActive(processId);
    if (!definition) throw ApplicationFailure.nonRetryable(`process "${processId}" is not deployed`, 'PROCESS_NOT_DEPLOYED');
    return { graph: definition.graph, definition: { id: definition.id, processId: definition.processId, version: definition.version } };
  },
  async resolveDecisionDefinition({ decisionId, binding, callerDefinitionId }) {
    const em = orm.em.fork() as EntityManager;
    // Bound (Camunda 8.6): the version deployed with the caller, or the newest with a version tag.
    const decision =
      binding && callerDefinitionId
        ? await asIncident(resolveBoundDecision(em, decisionId, binding, callerDefinitionId))
        : await em.findOne(DecisionDefinition, { decisionId }, { orderBy: { version: 'desc' } });
    if (!decision) throw ApplicationFailure.nonRetryable(`decision "${decisionId}" is not deployed`, 'DECISION_NOT_DEPLOYED');
    return { graph: decision.graph, version: decision.version };
  },
  async openEventSubscription(req) {
    // Reads the instance's organisation to match buffered messages to it: the store keys every row by the instance.
    return new EventSubscriptionStore(bypassEm(orm, 'worker: an event subscription learns its instance organisation')).open(req);
  },
  async closeEventSubscription({ processInstanceId, subscriptionKey }) {
    await new EventSubscriptionStore(bypassEm(orm, 'worker: closes an event subscription of its instance')).close(
      processInstanceId,
      subscriptionKey,
    );
  },
  async startProcessAtTimer({ instanceId, definitionId, startEventId }) {
    const em = orm.em.fork() as EntityManager;
    // The timer is the process's own: its instances are internal (no organisation).
    setTenantScope(em, TenantScope.all('timer start event'));
    if (await em.findOne(ProcessInstance, { id: instanceId })) return; // an earlier attempt committed it, and started it
    const definition = await em.findOne(ProcessDefinition, { id: definitionId });
    if (!definition) throw ApplicationFailure.nonRetryable(`process definition ${definitionId} is gone`, 'PROCESS_NOT_DEPLOYED');
    const engine = engineClientInActivity(queues, {
      localTaskTypes,
      ...(inProcessTaskTypes ? { inProcessTaskTypes } : {}),
    });
    await new ProcessInstanceService(em, engine).start(
      { processId: definition.processId, version: definition.version, startEventId },
      { actor: systemActor('timer-start'), organizationId: null },
      instanceId,
    );
  },
  async broadcastSignal({ name, variables, deliveryId }) {
    // A thrown signal is the process's own act, not a user's: it reaches waiting instances of every
    // organisation, and the instances it starts are internal.
    const em = orm.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('signal thrown by a process'));
    const engine = engineClientInActivity(queues, {
      localTaskTypes,
      ...(inProcessTaskTypes ? { inProcessTaskTypes } : {}),
    });
    const { triggeredProcessInstanceIds } = await new MessageService(em, engine).broadcastSignal(
      { name, variables },
      systemActor('signal-throw'),
      null,
      deliveryId,
    );
    return { triggered: triggeredProcessInstanceIds.length };
  },
  async resolveTaskForm({ definitionId, elementId, formId }) {
    // Process and form definitions are the deployment's, shared by every organisation.
    const em = orm.em.fork();
    const definition = await em.findOne(ProcessDefinition, { id: definitionId });
    const node = definition?.graph.elements[elementId];
    if (!definition || node?.kind !== 'userTask')
      return { found: false, message: `process definition ${definitionId} has no user task ${elementId}` };
    if (await resolveTaskForm(em as EntityManager, definition, node)) return { found: true };
    const binding = node.form && 'bindingType' in node.form ? node.form.bindingType : 'latest';
    return {
      found: false,
      message: `form "${formId}" (bindingType ${binding}) is not deployed: deploy a form with this id, then retry the incident`,
    };
  },
});

/** A bound version that is not there (or archived) until a process owner deploys it: an incident to retry, not a retry loop. */
async function asIncident<T>(resolving: Promise<T>): Promise<T> {
  try {
    return await resolving;
  } catch (err) {
    if (err instanceof NotFound || err instanceof WrongState) throw ApplicationFailure.nonRetryable(err.message, err.code);
    throw err;
  }
}
