import type { Principal } from '../identity/domain/principal';
import { hasRole } from '../identity/domain/principal';
import type { ProcessInstanceProjection } from '../processes/domain/process-instance-projection.entity';
import type { Ticket } from '../tickets/domain/ticket.entity';
import type { CatalogCategory, CatalogItem, CatalogRequest } from './domain/catalog.entities';
import type { requestProgress } from './domain/request-progress';
import { CATALOG_CURATORS } from './domain/catalog-service';

export const presentCategory = (c: CatalogCategory) => ({ id: c.id, name: c.name, description: c.description, position: c.position });

/** An item as the API shows it; only the catalog's curators learn whom else it is offered to. */
export function presentItem(i: CatalogItem, viewer: Principal) {
  const curator = hasRole(viewer, ...CATALOG_CURATORS);
  return {
    id: i.id,
    categoryId: i.categoryId,
    serviceId: i.serviceId ?? null,
    name: i.name,
    description: i.description,
    formSchema: i.formSchema,
    price: i.priceAmount === null || i.priceAmount === undefined ? null : { amount: Number(i.priceAmount), currency: i.priceCurrency! },
    approvalPolicy: i.approvalPolicy,
    visibility: curator ? { organizationIds: i.visibleOrganizationIds, roles: i.visibleRoles } : { organizationIds: [], roles: [] },
    processId: i.processId,
    fulfilmentGroup: i.fulfilmentGroup ?? null,
    active: i.active,
    organizationId: i.organizationId ?? null,
  };
}

export const presentOrder = (
  r: CatalogRequest,
  ticket: Ticket,
  progress: ProcessInstanceProjection | null,
  stages: Awaited<ReturnType<typeof requestProgress>> = { approvals: [], doneTasks: [] },
) => ({
  id: r.id,
  ticketNumber: ticket.number,
  ticketState: ticket.state,
  processInstanceId: ticket.processInstanceId ?? null,
  catalogItemId: r.catalogItemId,
  catalogItemName: r.catalogItemName,
  answers: r.answers,
  createdAt: r.createdAt.toISOString(),
  progress: {
    status: progress?.status ?? null,
    openTasks: (progress?.openTasks ?? []).map((t) => ({ elementId: t.elementId, name: t.name ?? null })),
    approvals: stages.approvals.map((a) => ({ ...a, decidedAt: a.decidedAt?.toISOString() ?? null })),
    doneTasks: stages.doneTasks.map((t) => ({ elementId: t.elementId, name: t.name, completedAt: t.completedAt.toISOString() })),
  },
});
