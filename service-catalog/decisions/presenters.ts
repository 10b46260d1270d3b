import type { DecisionDefinition } from './domain/decision-definition.entity';

export function presentDecision(d: DecisionDefinition) {
  return {
    id: d.id,
    decisionId: d.decisionId,
    name: d.name ?? null,
    version: d.version,
    versionTag: d.versionTag ?? null,
    deployedAt: d.deployedAt.toISOString(),
  };
}
