import { ApplicationFailure } from '@temporalio/activity';
import type { EngineActivities } from '../../engine/client';
import type { Orm } from '../../service-catalog/db/orm';
import { DecisionDefinition } from '../../service-catalog/decisions/domain/decision-definition.entity';
import { ProcessDefinitionService } from '../../service-catalog/processes/domain/process-definition-service';

/** What the interpreter asks of the application: today, the called process of a call activity. */
export const createEngineActivities = ({ orm }: { orm: Orm }): EngineActivities => ({
  async resolveProcessDefinition({ processId }) {
    // The version a process owner made active (newest unarchived unless they activated an older one).
    const definition = await new ProcessDefinitionService(orm.em.fork()).findActive(processId);
    if (!definition) throw ApplicationFailure.nonRetryable(`process "${processId}" is not deployed`, 'PROCESS_NOT_DEPLOYED');
    return { graph: definition.graph, definition: { id: definition.id, processId: definition.processId, version: definition.version } };
  },
  async resolveDecisionDefinition({ decisionId }) {
    const decision = await orm.em.fork().findOne(DecisionDefinition, { decisionId }, { orderBy: { version: 'desc' } });
    if (!decision) throw ApplicationFailure.nonRetryable(`decision "${decisionId}" is not deployed`, 'DECISION_NOT_DEPLOYED');
    return { graph: decision.graph, version: decision.version };
  },
});
