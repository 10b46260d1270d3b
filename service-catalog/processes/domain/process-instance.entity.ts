import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ProcessDefinition } from './process-definition.entity';

/**
 * The API's record of an instance it started; its id is the Temporal workflow id. Live state
 * (tokens, tasks, variables) is asked of the workflow, never copied here behind its back.
 */
export const ProcessInstance = defineEntity({
  name: 'ProcessInstance',
  tableName: 'process_instance',
  properties: {
    id: p.uuid().primary(),
    definition: () => p.manyToOne(ProcessDefinition),
    processId: p.string().index(),
    version: p.integer(),
    businessKey: p.string().nullable().index(),
    startedAt: p.datetime(),
  },
});
export type ProcessInstance = InferEntity<typeof ProcessInstance>;
