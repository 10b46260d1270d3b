import { type Eq, valueOf } from '../processes/camunda-search-schemas';
import type { DecisionFilter } from './domain/decision-search';

/** A validated filter of Camunda's shape as the decision search takes it. */
export function decisionFilterOf(filter: Record<string, unknown>, equalities: ReadonlyArray<readonly [string, string]>): DecisionFilter {
  const equal: DecisionFilter['equal'] = [];
  for (const [field, column] of equalities) {
    const value = valueOf(filter[field] as Eq<string | number> | undefined);
    if (value !== undefined) equal.push([column, value]);
  }
  const tenantId = valueOf(filter['tenantId'] as Eq<string> | undefined);
  const latest = filter['isLatestVersion'] as boolean | undefined;
  return { equal, ...(tenantId !== undefined ? { tenantId } : {}), ...(latest !== undefined ? { isLatestVersion: latest } : {}) };
}
