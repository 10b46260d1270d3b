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
    /**
     * What its workflow's start needs, kept until the start sweep has seen the workflow exist: the row
     * commits before the start, and a process that dies in between leaves it to the sweep
     * (processes/domain/start-sweep.ts). Null once confirmed, and for rows older than the sweep.
     */
    unconfirmedStart: p.json<UnconfirmedStart>().nullable(),
    /** Written by the workflow; absent until its first wait state (and for instances older than it). */
    projection: () => p.oneToOne(ProcessInstanceProjection).mappedBy('instance').nullable(),
  },
  filters: tenantOwned.filters,
});
/** The part of a start not on the row or its definition. */
export interface UnconfirmedStart {
  variables: Record<string, unknown>;
  startEventId?: string;
}

export type ProcessInstance = InferEntity<typeof ProcessInstance>;
