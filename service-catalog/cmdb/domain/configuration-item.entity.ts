import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';
import type { LifecycleState } from './lifecycle';

/** How often an asset is serviced and when next; work orders are opened from it later (field service). */
export interface MaintenanceSchedule {
  /** ISO 8601 duration between two visits, e.g. `P3M`. */
  every: string;
  /** The next visit, `YYYY-MM-DD`. */
  nextDueOn: string;
  /** What the visit is for ("replace filters"). */
  task?: string;
  /** Field service (planned work orders, service-catalog/field-service/domain/maintenance-plan.ts): */
  /** the work order's work type (default `maintenance`), priority (default P4) and the skills it needs; */
  workType?: string;
  priority?: string;
  requiredSkills?: Array<{ skill: string; level: number }>;
  /** a checklist of its own, instead of the work type's; */
  checklist?: Array<{ key: string; label: string; required: boolean }>;
  /** the visit's window on the due date (local `HH:MM` in `timeZone`, for `windowHours`); */
  windowStart?: string;
  windowHours?: number;
  timeZone?: string;
  /** and how many days before the due date the work order opens, so it can be dispatched (default 7). */
  leadDays?: number;
}

/**
 * A configuration item: anything the desk manages whose failure or change matters (a business
 * service, an application, a server…). Its class (`ci-classes.ts`) declares the attributes it may
 * carry. The asset fields (model, serial number, site, warranty, contract, maintenance) are for the
 * classes a technician visits. Tenant-owned: `organizationId` is the customer that owns it, null for
 * the provider's own (internal) CIs only staff see.
 */
export const ConfigurationItem = defineEntity({
  name: 'ConfigurationItem',
  tableName: 'configuration_item',
  properties: {
    id: p.uuid().primary(),
    ...tenantOwned.properties,
    key: p.string(),
    classKey: p.string(),
    name: p.string(),
    lifecycleState: p.string().$type<LifecycleState>(),
    attributes: p.json<Record<string, unknown>>(),
    model: p.string().nullable(),
    serialNumber: p.string().nullable(),
    siteId: p.uuid().nullable(),
    contractId: p.uuid().nullable(),
    warrantyUntil: p.string().nullable(),
    maintenanceSchedule: p.json<MaintenanceSchedule>().nullable(),
    version: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type ConfigurationItem = InferEntity<typeof ConfigurationItem>;
