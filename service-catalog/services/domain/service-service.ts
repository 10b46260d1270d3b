import { randomUUID } from 'node:crypto';
import { ForeignKeyConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, RuleViolation, UnknownGroup, UnknownService } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { Organization } from '../../identity/domain/organization.entity';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { actorOf, hasRole, type Principal } from '../../identity/domain/principal';
import { User } from '../../identity/domain/user.entity';
import { SlaPolicy } from '../../sla/domain/sla-policy.entity';
import { Service, type ServiceKind, type ServiceStatus } from './service.entity';
import { isUuid } from '../../text/uuid';

export interface ServiceInput {
  name: string;
  kind: ServiceKind;
  description?: string;
  ownerId?: string | null;
  supportGroup?: string | null;
  slaPolicyId?: string | null;
  status?: ServiceStatus;
  customerOrganizationIds?: string[];
  organizationId?: string | null;
}

/**
 * Services: process owners and admins keep them; everyone reads the ones they may see (the row-level
 * policy and the ORM filter decide which). Also the one place a reference to a service — an id, or
 * for older clients the name they used to type — becomes a service.
 */
export class ServiceService {
  constructor(private readonly em: EntityManager) {}

  list(filter: { q?: string; kind?: ServiceKind; status?: ServiceStatus; organizationId?: string; limit: number; offset: number }) {
    const where: Record<string, unknown> = {};
    if (filter.kind) where.kind = filter.kind;
    if (filter.status) where.status = filter.status;
    if (filter.q) where.name = { $ilike: `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
    // A customer's view of the desk's services: its own, and those that serve it.
    if (filter.organizationId)
      where.$or = [{ organizationId: filter.organizationId }, { customerOrganizationIds: { $overlap: [filter.organizationId] } }];
    return this.em.findAndCount(Service, where, { orderBy: { name: 'asc', id: 'asc' }, limit: filter.limit, offset: filter.offset });
  }

  async get(id: string): Promise<Service> {
    const found = await this.em.findOne(Service, { id });
    if (!found) throw new NotFound('SERVICE_NOT_FOUND', `there is no service ${id}`);
    return found;
  }

  async create(principal: Principal, input: ServiceInput): Promise<Service> {
    await this.check(principal, input);
    const organizationId = await owningOrganization(this.em, principal, input.organizationId);
    // Asked before the row exists: a query would otherwise flush the new row into the unique index first.
    await this.unique(input.name, organizationId, null);
    const now = new Date();
    const service = this.em.create(Service, {
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      description: input.description ?? '',
      ownerId: input.ownerId ?? null,
      supportGroup: input.supportGroup ?? null,
      slaPolicyId: input.slaPolicyId ?? null,
      status: input.status ?? 'live',
      customerOrganizationIds: input.customerOrganizationIds ?? [],
      organizationId,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, actorOf(principal), { action: 'service.created', entity: 'Service', entityId: service.id, after: view(service) });
    await this.em.flush();
    return service;
  }

  async update(principal: Principal, id: string, changes: Partial<Omit<ServiceInput, 'organizationId'>>): Promise<Service> {
    const service = await this.get(id);
    await this.check(principal, changes);
    if (changes.name !== undefined) await this.unique(changes.name, service.organizationId ?? null, service.id);
    const before = view(service);
    this.em.assign(service, { ...changes, updatedAt: new Date() });
    recordAudit(this.em, actorOf(principal), { action: 'service.updated', entity: 'Service', entityId: id, before, after: view(service) });
    await this.em.flush();
    return service;
  }

  /**
   * A service still referred to is retired, not deleted: tickets keep pointing at it. The foreign keys
   * say so, whoever's rows refer to it (they are checked past row-level security).
   */
  async delete(principal: Principal, id: string): Promise<void> {
    const service = await this.get(id);
    recordAudit(this.em, actorOf(principal), { action: 'service.deleted', entity: 'Service', entityId: id, before: view(service) });
    try {
      await this.em.remove(service).flush();
    } catch (err) {
      if (!(err instanceof ForeignKeyConstraintViolationException)) throw err;
      throw new RuleViolation('SERVICE_IN_USE', `service "${service.name}" is referred to; retire it (status "retired") instead`);
    }
  }

  /**
   * The service a reference names, for a row of `organizationId`: an id, or (older clients, mail
   * intake) a name, compared without case, among the services that organisation may use — its own
   * first, then the provider's serving it (or any provider service, for internal rows).
   */
  async resolve(reference: string, organizationId: string | null, field: string): Promise<Service> {
    const text = reference.trim();
    const usable = organizationId
      ? { $or: [{ organizationId }, { organizationId: null, customerOrganizationIds: { $overlap: [organizationId] } }] }
      : { organizationId: null };
    const candidates = isUuid(text)
      ? await this.em.find(Service, { id: text, ...usable })
      : await this.em.find(Service, { name: { $ilike: text.replace(/[\\%_]/g, (c) => `\\${c}`) }, ...usable });
    const found = candidates.find((s) => s.organizationId === organizationId) ?? candidates[0];
    if (!found) throw new UnknownService(text, field);
    return found;
  }

  /** Names are unique per owner without case; the index says so too, but a 422 names the field. */
  private async unique(name: string, organizationId: string | null, exceptId: string | null): Promise<void> {
    const [{ n }] = (await this.em.execute(
      `select count(*) as n from service
        where coalesce(organization_id, '00000000-0000-0000-0000-000000000000') = coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')
          and lower(name) = lower(?) and id is distinct from ?::uuid`,
      [organizationId, name, exceptId],
    )) as Array<{ n: string }>;
    if (Number(n) > 0)
      throw new RuleViolation('SERVICE_EXISTS', `a service named "${name}" exists`, [{ field: 'payload.name', message: 'taken' }]);
  }

  private async check(principal: Principal, input: Partial<ServiceInput>): Promise<void> {
    if (input.supportGroup && !(await this.em.findOne(Group, { key: input.supportGroup })))
      throw new UnknownGroup(input.supportGroup, 'payload.supportGroup');
    if (input.ownerId && !(await this.em.findOne(User, { id: input.ownerId })))
      throw new RuleViolation('UNKNOWN_USER', `there is no user ${input.ownerId}`, [{ field: 'payload.ownerId', message: 'no such user' }]);
    if (input.slaPolicyId && !(await this.em.findOne(SlaPolicy, { id: input.slaPolicyId })))
      throw new RuleViolation('UNKNOWN_SLA_POLICY', `there is no SLA policy ${input.slaPolicyId}`, [
        { field: 'payload.slaPolicyId', message: 'no such SLA policy' },
      ]);
    await assertOrganizationsServed(this.em, principal, input.customerOrganizationIds ?? [], 'payload.customerOrganizationIds');
  }
}

/**
 * Offering something to customers is for organisations the curator serves (admins: any). One that does
 * not exist and one the curator does not serve answer alike, so nobody learns which organisations exist.
 */
export async function assertOrganizationsServed(
  em: EntityManager,
  principal: Principal,
  ids: readonly string[],
  field: string,
): Promise<void> {
  for (const [i, org] of ids.entries()) {
    const allowed = hasRole(principal, 'admin') || principal.servedOrganizationIds.includes(org);
    if (!allowed || !(await em.findOne(Organization, { id: org })))
      throw new RuleViolation('UNKNOWN_ORGANIZATION', `${field}.${i}: there is no organisation ${org} you serve`, [
        { field: `${field}.${i}`, message: 'no such organisation' },
      ]);
  }
}

function view(s: Service) {
  return {
    name: s.name,
    kind: s.kind,
    status: s.status,
    ownerId: s.ownerId ?? null,
    supportGroup: s.supportGroup ?? null,
    slaPolicyId: s.slaPolicyId ?? null,
    customerOrganizationIds: s.customerOrganizationIds,
    organizationId: s.organizationId ?? null,
  };
}
