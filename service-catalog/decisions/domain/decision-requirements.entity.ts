import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One version of one DMN file as deployed: Camunda's decision requirements (graph), what a deployment,
 * a decision and a decision evaluation name as `decisionRequirementsId`/`…Key`, and whose XML the
 * decisions' diagrams are drawn from. A changed file is the next version of its `definitions` id,
 * every decision in it the next version of its own id (decision_definition.requirements_key).
 */
export const DecisionRequirements = defineEntity({
  name: 'DecisionRequirements',
  tableName: 'decision_requirements',
  properties: {
    /** Camunda's `decisionRequirementsKey` (a number at /v2, through camunda_key). */
    id: p.uuid().primary(),
    /** The file's `definitions` id (Camunda's `decisionRequirementsId`); its first decision's id when it has none. */
    requirementsId: p.string(),
    /** The file's `definitions` name. */
    name: p.string().nullable(),
    version: p.integer(),
    xml: p.text().lazy(),
    contentHash: p.string(),
    /** The name of the file deployed (`POST /v2/deployments`), else `<requirementsId>.dmn`. */
    resourceName: p.string(),
    deployedAt: p.datetime(),
  },
  uniques: [{ properties: ['requirementsId', 'version'] }],
});
export type DecisionRequirements = InferEntity<typeof DecisionRequirements>;
