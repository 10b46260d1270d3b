import { DEFAULT_TENANT } from '../identity/domain/camunda-tenant';
import type { DecisionRequirements } from './domain/decision-requirements.entity';

/** What Camunda's decision answers need of a decision version and of the file it came from. */
export interface DecisionRow {
  id: string;
  decisionId: string;
  version: number;
  name: string | null;
  requirements: Pick<DecisionRequirements, 'id' | 'requirementsId' | 'name' | 'version'>;
}

/**
 * Camunda 8's `DecisionDefinitionResult`. Its clients require every name: a decision or a file without
 * one is named by its id, as the decision's evaluation is. Decisions are the whole desk's, as in
 * Camunda's default tenant.
 */
export const presentCamundaDecision = (d: DecisionRow) => ({
  decisionDefinitionKey: d.id,
  decisionDefinitionId: d.decisionId,
  name: d.name ?? d.decisionId,
  version: d.version,
  decisionRequirementsKey: d.requirements.id,
  decisionRequirementsId: d.requirements.requirementsId,
  decisionRequirementsName: d.requirements.name ?? d.requirements.requirementsId,
  decisionRequirementsVersion: d.requirements.version,
  tenantId: DEFAULT_TENANT,
});

/** Camunda 8's `DecisionRequirementsResult`: one deployed version of a DMN file. */
export const presentCamundaRequirements = (
  r: Pick<DecisionRequirements, 'id' | 'requirementsId' | 'name' | 'version' | 'resourceName'>,
) => ({
  decisionRequirementsKey: r.id,
  decisionRequirementsId: r.requirementsId,
  decisionRequirementsName: r.name ?? r.requirementsId,
  version: r.version,
  resourceName: r.resourceName,
  tenantId: DEFAULT_TENANT,
});

/** A deployment's `decisionRequirements` item: the same fields, with the tenant the deployment named. */
export const presentDeployedRequirements = (r: DecisionRequirements, tenantId: string) => ({
  ...presentCamundaRequirements(r),
  tenantId,
});
