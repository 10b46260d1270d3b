import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { offeredToTenants, tenantOwned } from '../../db/tenant';

/** A shelf of the catalog (Hardware, Access, Software). Desk configuration: no tenant. */
export const CatalogCategory = defineEntity({
  name: 'CatalogCategory',
  tableName: 'catalog_category',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    description: p.text(),
    position: p.integer(),
    createdAt: p.datetime(),
  },
});
export type CatalogCategory = InferEntity<typeof CatalogCategory>;

/**
 * Who must approve an order before it is fulfilled, read by service-request.bpmn: nobody, the
 * requester's manager or a group; then, when the price is above `costThreshold`, a member of
 * `costApprovers` as a second approver.
 */
export interface ApprovalPolicy {
  kind: 'none' | 'manager' | 'group';
  group?: string;
  costThreshold?: number;
  costApprovers?: string;
}

const offered = offeredToTenants('visibleOrganizationIds', true);

/**
 * Something a requester can order: its request form (a form-js schema), price, approval policy, who
 * may see it (customer organisations, empty for every customer; roles, empty for every role) and the
 * BPMN process an order starts. The provider's items (`organizationId` null) are offered to the
 * customers they are visible to; a customer's own item to that customer only.
 */
export const CatalogItem = defineEntity({
  name: 'CatalogItem',
  tableName: 'catalog_item',
  properties: {
    id: p.uuid().primary(),
    categoryId: p.uuid(),
    serviceId: p.uuid().nullable(),
    name: p.string(),
    description: p.text(),
    formSchema: p.json<Record<string, unknown>>(),
    priceAmount: p.decimal('number').nullable(),
    priceCurrency: p.string().nullable(),
    approvalPolicy: p.json<ApprovalPolicy>(),
    visibleOrganizationIds: p.array().$type<string[]>().columnType('uuid[]'),
    visibleRoles: p.array().$type<string[]>().columnType('text[]'),
    /** The BPMN process an order starts (`service-request` unless the item has its own). */
    processId: p.string(),
    /** The group whose fulfilment tasks an order opens (else the service's support group). */
    fulfilmentGroup: p.string().nullable(),
    active: p.boolean(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    ...offered.properties,
  },
  filters: offered.filters,
});
export type CatalogItem = InferEntity<typeof CatalogItem>;

/** An order: the answers given to an item's form, beside the request ticket they raised. */
export const CatalogRequest = defineEntity({
  name: 'CatalogRequest',
  tableName: 'catalog_request',
  properties: {
    id: p.uuid().primary(),
    ticketId: p.uuid().unique(),
    catalogItemId: p.uuid(),
    /** The item's name when ordered: the order reads the same after the item is renamed or hidden. */
    catalogItemName: p.string(),
    answers: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type CatalogRequest = InferEntity<typeof CatalogRequest>;
