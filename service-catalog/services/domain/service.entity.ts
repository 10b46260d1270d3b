import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { offeredToTenants } from '../../db/tenant';

export const SERVICE_KINDS = ['business', 'technical'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
/** ITIL's service pipeline (planned), catalogue (live) and retired services. */
export const SERVICE_STATUSES = ['planned', 'live', 'retired'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

const offered = offeredToTenants('customerOrganizationIds', false);

/**
 * A business service (what a customer consumes: e-mail, VPN) or a technical one (what business
 * services run on). The provider's services (`organizationId` null) are seen by the customers they
 * serve; a customer's own service by that customer only. Tickets, SLA policies and routing rules
 * refer to it by id.
 */
export const Service = defineEntity({
  name: 'Service',
  tableName: 'service',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    kind: p.string().$type<ServiceKind>(),
    description: p.text(),
    /** The service owner: accountable for it (a user). */
    ownerId: p.uuid().nullable(),
    /** The group tickets and requests about it go to when nothing more specific routes them. */
    supportGroup: p.string().nullable(),
    slaPolicyId: p.uuid().nullable(),
    status: p.string().$type<ServiceStatus>(),
    /** The customer organisations the service serves. */
    customerOrganizationIds: p.array().$type<string[]>().columnType('uuid[]'),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    ...offered.properties,
  },
  filters: offered.filters,
});
export type Service = InferEntity<typeof Service>;
