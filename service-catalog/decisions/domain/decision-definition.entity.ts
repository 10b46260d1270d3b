import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { DecisionGraph } from '../../../engine/dmn/decision-graph';

/**
 * One version of one decision. A DMN file with several decisions (a decision requirements graph)
 * stores one row per decision, each carrying the whole compiled graph so required decisions evaluate too.
 */
export const DecisionDefinition = defineEntity({
  name: 'DecisionDefinition',
  tableName: 'decision_definition',
  properties: {
    id: p.uuid().primary(),
    decisionId: p.string(),
    version: p.integer(),
    name: p.string().nullable(),
    xml: p.text().lazy(),
    graph: p.json<DecisionGraph>(),
    contentHash: p.string(),
    deployedAt: p.datetime(),
    /** The decision's `zeebe:versionTag`, which business rule tasks with `bindingType="versionTag"` name. */
    versionTag: p.string().nullable(),
    /** The deployed file it came from (decision_requirements.id): Camunda's `decisionRequirementsKey`. */
    requirementsKey: p.uuid(),
  },
  uniques: [{ properties: ['decisionId', 'version'] }],
});
export type DecisionDefinition = InferEntity<typeof DecisionDefinition>;
