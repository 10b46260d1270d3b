import type { DecisionDefinition } from './domain/decision-definition.entity';

export function presentDecision(d: DecisionDefinition) {
  return { id: d.id, decisionId: d.decisionId, name: d.name ?? null, version: d.version, deployedAt: d.deployedAt.toISOString() };
}
