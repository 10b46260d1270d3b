import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { scopeSees, tenantScopeOn } from '../../db/tenant';
import { NotFound, RuleViolation, WrongState } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { Part, WHOLE_UNITS } from './part.entity';
import type { PartUsed } from './work-order.entity';

export interface PartInput {
  organizationId: string | null;
  sku: string;
  name: string;
  unit: string;
  unitPrice: number | null;
  currency: string | null;
  active: boolean;
}

export interface PartSearch {
  q?: string;
  organizationId?: string;
  active?: boolean;
  limit: number;
  offset: number;
}

/** What a technician sends per part used: the SKU, how many, and a note. */
export interface PartLine {
  partNumber: string;
  description?: string;
  quantity: number;
}

/**
 * The parts catalogue: the provider's parts (no organisation) and customers' own stock, each SKU
 * unique within its namespace. Reads go through the caller's tenant scope, so a customer's parts are
 * visible only to those who serve that customer.
 */
export class PartCatalogue {
  constructor(private readonly em: EntityManager) {}

  list(search: PartSearch): Promise<[Part[], number]> {
    const where: Record<string, unknown> = {};
    if (search.organizationId) where.organizationId = search.organizationId;
    if (search.active !== undefined) where.active = search.active;
    if (search.q) where.$or = [{ sku: { $ilike: `${escapeLike(search.q)}%` } }, { name: { $ilike: `%${escapeLike(search.q)}%` } }];
    return this.em.findAndCount(Part, where, { orderBy: { sku: 'asc', id: 'asc' }, limit: search.limit, offset: search.offset });
  }

  async get(id: string): Promise<Part> {
    const part = await this.em.findOne(Part, { id });
    if (!part) throw new NotFound('PART_NOT_FOUND', `there is no part ${id}`);
    return part;
  }

  async create(principal: Principal, input: PartInput): Promise<Part> {
    this.assertOrganization(input.organizationId);
    const now = new Date();
    const part = this.em.create(Part, {
      id: randomUUID(),
      ...input,
      unitPrice: input.unitPrice === null ? null : input.unitPrice.toFixed(2),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, actorOf(principal), { action: 'part.created', entity: 'Part', entityId: part.id, after: { ...input } });
    await this.flushUnique(input.sku);
    return part;
  }

  /** Replaces a part's fields; `version` must be the one read (409 otherwise). Its namespace (organisation) stays. */
  async update(principal: Principal, id: string, input: Omit<PartInput, 'organizationId'> & { version: number }): Promise<Part> {
    const part = await this.get(id);
    if (part.version !== input.version) throw new WrongState('STALE_PART', `part ${id} has changed since version ${input.version}`);
    const before = { sku: part.sku, name: part.name, unit: part.unit, unitPrice: part.unitPrice, active: part.active };
    Object.assign(part, {
      sku: input.sku,
      name: input.name,
      unit: input.unit,
      unitPrice: input.unitPrice === null ? null : input.unitPrice.toFixed(2),
      currency: input.currency,
      active: input.active,
      version: part.version + 1,
      updatedAt: new Date(),
    });
    recordAudit(this.em, actorOf(principal), { action: 'part.updated', entity: 'Part', entityId: id, before, after: { ...input } });
    await this.flushUnique(input.sku);
    return part;
  }

  /**
   * The parts used on a work order of `organizationId`, checked against the catalogue: each SKU an
   * active part of the provider or of that customer (the customer's own wins when both have it), whole
   * numbers for pieces. Answers the lines with the catalogue's name, unit and price copied in.
   */
  async resolve(organizationId: string | null, lines: PartLine[], field = 'payload.parts'): Promise<PartUsed[]> {
    if (!lines.length) return [];
    const skus = [...new Set(lines.map((l) => l.partNumber))];
    const found = await this.em.find(Part, {
      sku: { $in: skus },
      active: true,
      ...(organizationId ? { $or: [{ organizationId }, { organizationId: null }] } : { organizationId: null }),
    });
    const bySku = new Map<string, Part>();
    for (const part of found) if (!bySku.has(part.sku) || part.organizationId) bySku.set(part.sku, part);
    const problems: Array<{ field: string; message: string }> = [];
    lines.forEach((line, i) => {
      const part = bySku.get(line.partNumber);
      if (!part)
        problems.push({
          field: `${field}.${i}.partNumber`,
          message: `no active part "${line.partNumber}" in the catalogue for this customer`,
        });
      else if ((WHOLE_UNITS as readonly string[]).includes(part.unit) && !Number.isInteger(line.quantity))
        problems.push({ field: `${field}.${i}.quantity`, message: `${part.sku} is counted in whole ${part.unit}` });
    });
    if (problems.length) throw new RuleViolation('PART_NOT_IN_CATALOGUE', 'parts must be catalogue parts in their units', problems);
    return lines.map((line) => {
      const part = bySku.get(line.partNumber)!;
      return {
        partNumber: part.sku,
        description: line.description ?? '',
        quantity: line.quantity,
        partId: part.id,
        name: part.name,
        unit: part.unit,
        unitPrice: part.unitPrice ?? null,
        currency: part.currency ?? null,
      };
    });
  }

  private assertOrganization(organizationId: string | null): void {
    if (!scopeSees(tenantScopeOn(this.em), organizationId))
      throw new RuleViolation('ORGANIZATION_NOT_SERVED', 'you may only keep parts for the provider or a customer you serve', [
        { field: 'payload.organizationId', message: 'must be a customer you serve, or null for the provider’s catalogue' },
      ]);
  }

  private async flushUnique(sku: string): Promise<void> {
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException)
        throw new WrongState('PART_SKU_TAKEN', `payload.sku: the catalogue already has a part ${sku} there`);
      throw err;
    }
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
