import type { EntityManager } from '@mikro-orm/postgresql';
import { Contract } from '../../identity/domain/contract.entity';
import { Site } from '../../identity/domain/site.entity';
import { checkAttributes } from './ci-attributes';
import { ciClass } from './ci-classes';
import type { MaintenanceSchedule } from './configuration-item.entity';
import { canMoveTo, LIFECYCLE_STATES, type LifecycleState } from './lifecycle';

/** What a CI is made of, as written by the API or an import row (its organisation is given apart). */
export interface CiFields {
  key: string;
  classKey: string;
  name: string;
  lifecycleState: LifecycleState;
  attributes: Record<string, unknown>;
  model: string | null;
  serialNumber: string | null;
  siteId: string | null;
  contractId: string | null;
  warrantyUntil: string | null;
  maintenanceSchedule: MaintenanceSchedule | null;
}

export const ASSET_FIELDS = ['model', 'serialNumber', 'siteId', 'contractId', 'warrantyUntil', 'maintenanceSchedule'] as const;

/**
 * One thing wrong with a CI: `invalid` breaks the shape its class declares (400), `rule` names
 * something that is not there or not allowed for this customer (422).
 */
export interface CiProblem {
  kind: 'invalid' | 'rule';
  field: string;
  message: string;
}

/**
 * Everything the domain checks of a CI before writing it, shared by the API and the import so both
 * refuse the same rows for the same reasons: the class exists, its attributes fit its schema, asset
 * fields only on asset classes, the site and contract are the CI's own customer's, a disposed CI stays
 * disposed. `prefix` names the fields as the caller sent them (`payload`, `cis[3]`).
 */
export async function checkCiFields(
  em: EntityManager,
  fields: CiFields,
  organizationId: string | null,
  prefix: string,
  previousState?: LifecycleState,
): Promise<CiProblem[]> {
  const klass = ciClass(fields.classKey);
  if (!klass) return [{ kind: 'invalid', field: `${prefix}.classKey`, message: `unknown class "${fields.classKey}"` }];
  const problems: CiProblem[] = checkAttributes(fields.classKey, fields.attributes, `${prefix}.attributes`).map((p) => ({
    kind: 'invalid',
    ...p,
  }));
  if (!LIFECYCLE_STATES.includes(fields.lifecycleState))
    problems.push({ kind: 'invalid', field: `${prefix}.lifecycleState`, message: `must be one of ${LIFECYCLE_STATES.join(', ')}` });
  else if (previousState && !canMoveTo(previousState, fields.lifecycleState))
    problems.push({
      kind: 'rule',
      field: `${prefix}.lifecycleState`,
      message: `a ${previousState} CI cannot become ${fields.lifecycleState}`,
    });
  if (!klass.asset) {
    for (const name of ASSET_FIELDS)
      if (fields[name] !== null)
        problems.push({ kind: 'invalid', field: `${prefix}.${name}`, message: `a ${klass.name.toLowerCase()} is not an asset` });
  }
  if (fields.siteId) {
    const site = await em.findOne(Site, { id: fields.siteId });
    if (!site || site.organizationId !== organizationId)
      problems.push({ kind: 'rule', field: `${prefix}.siteId`, message: 'no such site of the CI’s organisation' });
  }
  if (fields.contractId) {
    const contract = await em.findOne(Contract, { id: fields.contractId });
    if (!contract || contract.organizationId !== organizationId)
      problems.push({ kind: 'rule', field: `${prefix}.contractId`, message: 'no such contract of the CI’s organisation' });
  }
  return problems;
}

/** The CI's key when none is given: its name, lowercased, with runs of other characters as one dash. */
export function keyFromName(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 200) || 'ci'
  );
}
