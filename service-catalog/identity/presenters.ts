import type { AuditLog } from '../audit/audit-log.entity';
import type { ApiToken } from './domain/api-token.entity';
import type { Contract } from './domain/contract.entity';
import type { Group } from './domain/group.entity';
import type { Organization } from './domain/organization.entity';
import type { Site } from './domain/site.entity';
import type { User } from './domain/user.entity';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Never includes the password hash: this is also what the audit log stores as before/after. */
export const presentUser = (u: User) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email ?? null,
  phone: u.phone ?? null,
  roles: [...u.roles],
  organizationId: u.organizationId ?? null,
  groupIds: [...u.groupIds],
  servedOrganizationIds: [...u.servedOrganizationIds],
  active: u.active,
  skills: [...(u.skills ?? [])],
  managerId: u.managerId ?? null,
  available: u.available ?? true,
  timeZone: u.timeZone ?? null,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});
export const presentGroup = (g: Group) => ({
  id: g.id,
  key: g.key,
  name: g.name,
  routingStrategy: g.routingStrategy ?? 'manual',
  olaTarget: g.olaTarget ?? null,
  leadId: g.leadId ?? null,
  createdAt: g.createdAt.toISOString(),
});
export const presentOrganization = (o: Organization) => ({ id: o.id, name: o.name, createdAt: o.createdAt.toISOString() });
export const presentSite = (s: Site) => ({
  id: s.id,
  organizationId: s.organizationId ?? null,
  name: s.name,
  address: s.address ?? null,
  createdAt: s.createdAt.toISOString(),
});
export const presentContract = (c: Contract) => ({
  id: c.id,
  organizationId: c.organizationId ?? null,
  name: c.name,
  responseHours: c.responseHours ?? null,
  validFrom: c.validFrom,
  validTo: c.validTo ?? null,
  calendarId: c.calendarId ?? null,
  responseTarget: c.responseTarget ?? null,
  onSiteTarget: c.onSiteTarget ?? null,
  createdAt: c.createdAt.toISOString(),
});
export const presentApiToken = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: iso(t.expiresAt),
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
});
export const presentAuditLog = (a: AuditLog) => ({
  id: a.id,
  actorId: a.actorId ?? null,
  actorName: a.actorName,
  action: a.action,
  entity: a.entity,
  entityId: a.entityId,
  before: a.before ?? null,
  after: a.after ?? null,
  at: a.at.toISOString(),
});
