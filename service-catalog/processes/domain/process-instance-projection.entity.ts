import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Incident, OpenUserTask } from '../../../workflows/client';
import { ProcessInstance } from './process-instance.entity';

/** Set when the API terminated the instance because its workflow could not take a cancel. */
export interface InstanceTermination {
  /** What the person who cancelled it said. */
  reason: string;
  /** Why the workflow could not take the cancel (its workflow task failing, no worker). */
  cause: string;
  at: string;
  by: string;
}

/**
 * What a live list shows and filters on, written by the workflow (activity `projectProcessInstance`)
 * at every wait state and at the end. The workflow stays the source of truth; this row may lag it by
 * one activity round trip. Read through its instance, so the instance's tenant filter applies.
 */
export const ProcessInstanceProjection = defineEntity({
  name: 'ProcessInstanceProjection',
  tableName: 'process_instance_projection',
  properties: {
    instance: () => p.oneToOne(ProcessInstance).primary().owner().fieldName('instance_id'),
    definitionId: p.uuid(),
    version: p.integer(),
    status: p.string(),
    activeElementIds: p.json<string[]>(),
    openTasks: p.json<OpenUserTask[]>(),
    incidents: p.json<Incident[]>(),
    openIncidentCount: p.integer(),
    endedAt: p.datetime().nullable(),
    termination: p.json<InstanceTermination>().nullable(),
    revision: p.integer(),
    updatedAt: p.datetime(),
  },
});
export type ProcessInstanceProjection = InferEntity<typeof ProcessInstanceProjection>;
