import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/**
 * A part in the catalogue technicians record their use of: the provider's (no organisation, usable
 * on every customer's jobs) or one customer's own stock (usable on that customer's jobs only).
 */
export const Part = defineEntity({
  name: 'Part',
  tableName: 'part',
  properties: {
    id: p.uuid().primary(),
    ...tenantOwned.properties,
    sku: p.string(),
    name: p.string(),
    /** What a quantity counts: `pcs` (whole pieces only), `m`, `l`, `kg`… */
    unit: p.string(),
    /** Per unit, in `currency`; null when the contract prices parts elsewhere. */
    unitPrice: p.decimal('string').nullable(),
    currency: p.string().nullable(),
    active: p.boolean(),
    version: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type Part = InferEntity<typeof Part>;

/** Units counted in whole pieces: a quantity of them must be a whole number. */
export const WHOLE_UNITS = ['pcs', 'each', 'set', 'box'] as const;
