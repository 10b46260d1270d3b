import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';
import { ProcessDefinition } from './process-definition.entity';
import { ProcessInstanceProjection } from './process-instance-projection.entity';

/**
 * The API's record of an instance it started; its id is the Temporal workflow id. Live state
 * (tokens, tasks, variables) is asked of the workflow, never copied here behind its back.
 * Tenant-owned: an instance a requester starts belongs to the requester's organisation.
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
    ...tenantOwned.properties,
    /** The user who started it; null for instances started by the system (seed data). */
    startedBy: p.uuid().nullable(),
    /** Written by the workflow; absent until its first wait state (and for instances older than it). */
    projection: () => p.oneToOne(ProcessInstanceProjection).mappedBy('instance').nullable(),
  },
  filters: tenantOwned.filters,
});
export type ProcessInstance = InferEntity<typeof ProcessInstance>;
