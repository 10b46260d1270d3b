import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { InvalidInput, WrongState, NotFound } from '../../errors';
import { presentContract, presentOrganization, presentSite } from '../presenters';
import { Contract } from './contract.entity';
import { Organization } from './organization.entity';
import { BusinessCalendarRecord } from '../../sla/domain/business-calendar.entity';
import { assertExist } from './references';
import { Site } from './site.entity';

type Page<T> = { items: T[]; total: number };
type Paging = { limit: number; offset: number };

/**
 * Customer organisations with their sites and contracts. Sites and contracts are tenant-owned: the
 * reads below carry no tenant check of their own, the data-layer filter narrows them.
 */
export class CustomerService {
  constructor(private readonly em: EntityManager) {}

  async listOrganizations(page: Paging): Promise<Page<Organization>> {
    const [items, total] = await this.em.findAndCount(Organization, {}, { orderBy: { name: 'asc' }, ...page });
    return { items, total };
  }

  async getOrganization(id: string): Promise<Organization> {
    const org = await this.em.findOne(Organization, { id });
    if (!org) throw new NotFound('ORGANIZATION_NOT_FOUND', `organization ${id} does not exist`);
    return org;
  }

  async createOrganization(actor: Actor, input: { name: string }): Promise<Organization> {
    const org = this.em.create(Organization, { id: randomUUID(), name: input.name, createdAt: new Date() });
    recordAudit(this.em, actor, {
      action: 'organization.created',
      entity: 'Organization',
      entityId: org.id,
      after: presentOrganization(org),
    });
    await this.flushUnique(input.name);
    return org;
  }

  async renameOrganization(actor: Actor, id: string, input: { name: string }): Promise<Organization> {
    const org = await this.getOrganization(id);
    const before = presentOrganization(org);
    org.name = input.name;
    recordAudit(this.em, actor, {
      action: 'organization.updated',
      entity: 'Organization',
      entityId: id,
      before,
      after: presentOrganization(org),
    });
    await this.flushUnique(input.name);
    return org;
  }

  async listSites(query: Paging & { organizationId?: string }): Promise<Page<Site>> {
    const [items, total] = await this.em.findAndCount(Site, query.organizationId ? { organizationId: query.organizationId } : {}, {
      orderBy: { name: 'asc', id: 'asc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }

  async getSite(id: string): Promise<Site> {
    const site = await this.em.findOne(Site, { id });
    if (!site) throw new NotFound('SITE_NOT_FOUND', `site ${id} does not exist`);
    return site;
  }

  async createSite(actor: Actor, input: { organizationId: string; name: string; address?: string | null }): Promise<Site> {
    await assertExist(this.em, Organization, [input.organizationId], 'payload.organizationId');
    const site = this.em.create(Site, {
      id: randomUUID(),
      organizationId: input.organizationId,
      name: input.name,
      address: input.address ?? null,
      createdAt: new Date(),
    });
    recordAudit(this.em, actor, { action: 'site.created', entity: 'Site', entityId: site.id, after: presentSite(site) });
    await this.em.flush();
    return site;
  }

  /** Renames a site or changes its address; where it is on the map stays (`PUT /sites/{id}/location`). */
  async updateSite(actor: Actor, id: string, input: { name?: string; address?: string | null }): Promise<Site> {
    const site = await this.getSite(id);
    const before = presentSite(site);
    if (input.name !== undefined) site.name = input.name;
    if (input.address !== undefined) site.address = input.address;
    recordAudit(this.em, actor, { action: 'site.updated', entity: 'Site', entityId: id, before, after: presentSite(site) });
    await this.em.flush();
    return site;
  }

  async getContract(id: string): Promise<Contract> {
    const contract = await this.em.findOne(Contract, { id });
    if (!contract) throw new NotFound('CONTRACT_NOT_FOUND', `contract ${id} does not exist`);
    return contract;
  }

  /**
   * Changes a contract's name, validity or SLA terms. Work orders already dispatched keep the targets
   * they were given; the ones raised from now on count on the new terms.
   */
  async updateContract(actor: Actor, id: string, input: ContractChanges): Promise<Contract> {
    const contract = await this.getContract(id);
    const before = presentContract(contract);
    if (input.calendarId) await assertExist(this.em, BusinessCalendarRecord, [input.calendarId], 'payload.calendarId');
    const next = { ...before, ...input };
    // The same rule the create schema states with joi's `with`, here over the contract as it will be.
    const needsCalendar = (['responseTarget', 'onSiteTarget'] as const).filter((f) => next[f] && !next.calendarId);
    if (needsCalendar.length)
      throw new InvalidInput('CALENDAR_REQUIRED', `${needsCalendar.join(' and ')} count on a business calendar: choose one`, [
        { field: 'payload.calendarId', message: `needed by ${needsCalendar.join(' and ')}` },
      ]);
    if (next.validTo && next.validTo < next.validFrom)
      throw new InvalidInput('INVALID_VALIDITY', `the contract ends (${next.validTo}) before it starts (${next.validFrom})`, [
        { field: 'payload.validTo', message: 'before the start' },
      ]);
    Object.assign(contract, input);
    recordAudit(this.em, actor, { action: 'contract.updated', entity: 'Contract', entityId: id, before, after: presentContract(contract) });
    await this.em.flush();
    return contract;
  }

  async listContracts(query: Paging & { organizationId?: string }): Promise<Page<Contract>> {
    const [items, total] = await this.em.findAndCount(Contract, query.organizationId ? { organizationId: query.organizationId } : {}, {
      orderBy: { name: 'asc', id: 'asc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }

  async createContract(
    actor: Actor,
    input: {
      organizationId: string;
      name: string;
      responseHours?: number | null;
      validFrom: string;
      validTo?: string | null;
      calendarId?: string | null;
      responseTarget?: string | null;
      onSiteTarget?: string | null;
    },
  ): Promise<Contract> {
    await assertExist(this.em, Organization, [input.organizationId], 'payload.organizationId');
    if (input.calendarId) await assertExist(this.em, BusinessCalendarRecord, [input.calendarId], 'payload.calendarId');
    const contract = this.em.create(Contract, {
      id: randomUUID(),
      organizationId: input.organizationId,
      name: input.name,
      responseHours: input.responseHours ?? null,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      calendarId: input.calendarId ?? null,
      responseTarget: input.responseTarget ?? null,
      onSiteTarget: input.onSiteTarget ?? null,
      createdAt: new Date(),
    });
    recordAudit(this.em, actor, {
      action: 'contract.created',
      entity: 'Contract',
      entityId: contract.id,
      after: presentContract(contract),
    });
    await this.em.flush();
    return contract;
  }

  private async flushUnique(name: string): Promise<void> {
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException)
        throw new WrongState('ORGANIZATION_NAME_TAKEN', `an organization named "${name}" exists`);
      throw err;
    }
  }
}

export type ContractChanges = Partial<{
  name: string;
  responseHours: number | null;
  validFrom: string;
  validTo: string | null;
  calendarId: string | null;
  responseTarget: string | null;
  onSiteTarget: string | null;
}>;
