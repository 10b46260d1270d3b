import { ApplicationFailure, Context } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EngineClient, type EngineActivities } from '../../engine/client';
import type { Orm } from '../../service-catalog/db/orm';
import { EventSubscriptionStore } from '../../service-catalog/messages/domain/event-subscription-store';
import { DecisionDefinition } from '../../service-catalog/decisions/domain/decision-definition.entity';
import { ProcessDefinition } from '../../service-catalog/processes/domain/process-definition.entity';

/** What the interpreter asks of the application: called processes, decisions, and the correlation tables. */
export const createEngineActivities = ({ orm }: { orm: Orm }): EngineActivities => ({
  async resolveProcessDefinition({ processId }) {
    const definition = await orm.em.fork().findOne(ProcessDefinition, { processId }, { orderBy: { version: 'desc' } });
    if (!definition) throw ApplicationFailure.nonRetryable(`process "${processId}" is not deployed`, 'PROCESS_NOT_DEPLOYED');
    return { graph: definition.graph, definition: { id: definition.id, processId: definition.processId, version: definition.version } };
  },
  async resolveDecisionDefinition({ decisionId }) {
    const decision = await orm.em.fork().findOne(DecisionDefinition, { decisionId }, { orderBy: { version: 'desc' } });
    if (!decision) throw ApplicationFailure.nonRetryable(`decision "${decisionId}" is not deployed`, 'DECISION_NOT_DEPLOYED');
    return { graph: decision.graph, version: decision.version };
  },
  async openEventSubscription(req) {
    return new EventSubscriptionStore(orm.em.fork() as EntityManager).open(req);
  },
  async closeEventSubscription({ processInstanceId, subscriptionKey }) {
    await new EventSubscriptionStore(orm.em.fork() as EntityManager).close(processInstanceId, subscriptionKey);
  },
  async broadcastSignal({ name, variables }) {
    // A thrown signal is the process's own act, not a user's: it reaches waiting instances of every organisation.
    const engine = new EngineClient(Context.current().client, '');
    let triggered = 0;
    for (const id of await new EventSubscriptionStore(orm.em.fork() as EntityManager).findSignalSubscribers(name)) {
      if (await engine.broadcastSignal(id, { name, variables })) triggered++;
    }
    return { triggered };
  },
});
