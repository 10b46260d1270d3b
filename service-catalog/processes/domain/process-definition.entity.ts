import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ProcessGraph } from '../../../engine/compiler';

/** One deployed version of a BPMN process; immutable once stored, so running instances can rely on it. */
export const ProcessDefinition = defineEntity({
  name: 'ProcessDefinition',
  tableName: 'process_definition',
  properties: {
    id: p.uuid().primary(),
    processId: p.string(),
    version: p.integer(),
    name: p.string().nullable(),
    xml: p.text().lazy(),
    graph: p.json<ProcessGraph>(),
    contentHash: p.string(),
    deployedAt: p.datetime(),
    /** Archived versions start no new instances; running ones finish on them. */
    archivedAt: p.datetime().nullable(),
    /** Set when a process owner marks an older version as the one new instances use (a later deploy wins again). */
    activatedAt: p.datetime().nullable(),
    /** The forms deployed with this version (form id → form_definition id): what `bindingType="deployment"` shows. */
    formBindings: p.json<Record<string, string>>().nullable(),
    /** The process's `zeebe:versionTag`, which call activities with `bindingType="versionTag"` name. */
    versionTag: p.string().nullable(),
    /** The processes deployed with this version (process id → process_definition id): what `bindingType="deployment"` calls. */
    processBindings: p.json<Record<string, string>>().nullable(),
    /** The decisions deployed with this version (decision id → decision_definition id): what `bindingType="deployment"` evaluates. */
    decisionBindings: p.json<Record<string, string>>().nullable(),
    /** The name of the file it was deployed from, when the deployment named one (Camunda's `resourceName`). */
    resourceName: p.string().nullable(),
  },
  uniques: [{ properties: ['processId', 'version'] }],
});
export type ProcessDefinition = InferEntity<typeof ProcessDefinition>;
