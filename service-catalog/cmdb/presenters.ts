import type { AuditLog } from '../audit/audit-log.entity';
import type { Ticket } from '../tickets/domain/ticket.entity';
import type { ConfigurationItem } from './domain/configuration-item.entity';
import type { CiRelation } from './domain/ci-relation.entity';

export function presentCiSummary(ci: ConfigurationItem) {
  return {
    id: ci.id,
    key: ci.key,
    name: ci.name,
    classKey: ci.classKey,
    lifecycleState: ci.lifecycleState,
    organizationId: ci.organizationId ?? null,
  };
}

export function presentCi(ci: ConfigurationItem) {
  return {
    ...presentCiSummary(ci),
    attributes: ci.attributes,
    model: ci.model ?? null,
    serialNumber: ci.serialNumber ?? null,
    siteId: ci.siteId ?? null,
    contractId: ci.contractId ?? null,
    warrantyUntil: ci.warrantyUntil ?? null,
    maintenanceSchedule: ci.maintenanceSchedule ?? null,
    version: ci.version,
    createdAt: ci.createdAt.toISOString(),
    updatedAt: ci.updatedAt.toISOString(),
  };
}

export const presentRelation = (r: CiRelation) => ({ id: r.id, sourceId: r.sourceId, type: r.type, targetId: r.targetId });

export const presentHistoryEntry = (e: AuditLog) => ({
  action: e.action,
  actorName: e.actorName,
  at: e.at.toISOString(),
  before: e.before ?? null,
  after: e.after ?? null,
});

export const presentCiTicket = (t: Ticket) => ({
  number: t.number,
  type: t.type,
  title: t.title,
  state: t.state,
  createdAt: t.createdAt.toISOString(),
});
