import { randomUUID } from 'node:crypto';
import { ForeignKeyConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { InvalidInput, NotFound, RuleViolation, UnknownGroup } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { actorOf, hasRole, type Principal } from '../../identity/domain/principal';
import { assertOrganizationsServed, ServiceService } from '../../services/domain/service-service';
import { CatalogCategory, CatalogItem, type ApprovalPolicy } from './catalog.entities';
import { checkFormSchema } from './request-form';

export interface CategoryInput {
  name: string;
  description?: string;
  position?: number;
}

export interface ItemInput {
  categoryId: string;
  serviceId?: string | null;
  name: string;
  description?: string;
  formSchema: Record<string, unknown>;
  price?: { amount: number; currency: string } | null;
  approvalPolicy?: ApprovalPolicy;
  visibility?: { organizationIds?: string[]; roles?: string[] };
  processId?: string;
  fulfilmentGroup?: string | null;
  active?: boolean;
  organizationId?: string | null;
}

/** Who keeps the catalog, and so sees every item whatever its visibility. */
export const CATALOG_CURATORS = ['process-owner', 'admin'] as const;
/** The process an order starts unless its item names another. */
export const DEFAULT_FULFILMENT_PROCESS = 'service-request';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The catalog: categories and items. Which customer organisations see an item is the row-level
 * policy's and the ORM filter's business (catalog.entities.ts); which roles, and whether inactive
 * items show, is decided here, since roles are not tenant data.
 */
export class CatalogService {
  constructor(private readonly em: EntityManager) {}

  listCategories() {
    return this.em.find(CatalogCategory, {}, { orderBy: { position: 'asc', name: 'asc' } });
  }

  async getCategory(id: string): Promise<CatalogCategory> {
    const found = await this.em.findOne(CatalogCategory, { id });
    if (!found) throw new NotFound('CATALOG_CATEGORY_NOT_FOUND', `there is no catalog category ${id}`);
    return found;
  }

  async createCategory(principal: Principal, input: CategoryInput): Promise<CatalogCategory> {
    await this.uniqueCategory(input.name);
    const category = this.em.create(CatalogCategory, {
      id: randomUUID(),
      name: input.name,
      description: input.description ?? '',
      position: input.position ?? 0,
      createdAt: new Date(),
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'catalogCategory.created',
      entity: 'CatalogCategory',
      entityId: category.id,
      after: input,
    });
    await this.em.flush();
    return category;
  }

  async updateCategory(principal: Principal, id: string, changes: Partial<CategoryInput>): Promise<CatalogCategory> {
    const category = await this.getCategory(id);
    if (changes.name !== undefined && changes.name.toLowerCase() !== category.name.toLowerCase()) await this.uniqueCategory(changes.name);
    const before = { name: category.name, description: category.description, position: category.position };
    this.em.assign(category, changes);
    recordAudit(this.em, actorOf(principal), {
      action: 'catalogCategory.updated',
      entity: 'CatalogCategory',
      entityId: id,
      before,
      after: changes,
    });
    await this.em.flush();
    return category;
  }

  async deleteCategory(principal: Principal, id: string): Promise<void> {
    const category = await this.getCategory(id);
    recordAudit(this.em, actorOf(principal), {
      action: 'catalogCategory.deleted',
      entity: 'CatalogCategory',
      entityId: id,
      before: { name: category.name },
    });
    // The foreign key sees every customer's items, which this caller's queries may not.
    await removeUnlessReferred(
      this.em,
      category,
      new RuleViolation('CATEGORY_NOT_EMPTY', `catalog category "${category.name}" still holds items`),
    );
  }

  /** Items the principal may order (curators: every item), by name; `q` searches name and description. */
  async listItems(principal: Principal, filter: { categoryId?: string; q?: string; limit: number; offset: number }) {
    const where: Record<string, unknown>[] = [];
    if (filter.categoryId) where.push({ categoryId: filter.categoryId });
    if (filter.q) {
      const like = `%${escapeLike(filter.q)}%`;
      where.push({ $or: [{ name: { $ilike: like } }, { description: { $ilike: like } }] });
    }
    if (!hasRole(principal, ...CATALOG_CURATORS)) {
      where.push({ active: true });
      where.push({ $or: [{ visibleRoles: { $eq: [] } }, { visibleRoles: { $overlap: [...principal.roles] } }] });
    }
    return this.em.findAndCount(CatalogItem, where.length ? { $and: where } : {}, {
      orderBy: { name: 'asc', id: 'asc' },
      limit: filter.limit,
      offset: filter.offset,
    });
  }

  /** One item the principal may see (404 otherwise, never 403: no existence leak). */
  async getItem(principal: Principal, id: string): Promise<CatalogItem> {
    const item = await this.em.findOne(CatalogItem, { id });
    if (!item || !visibleTo(item, principal)) throw new NotFound('CATALOG_ITEM_NOT_FOUND', `there is no catalog item ${id}`);
    return item;
  }

  async createItem(principal: Principal, input: ItemInput): Promise<CatalogItem> {
    await this.checkItem(principal, input);
    const organizationId = await owningOrganization(this.em, principal, input.organizationId);
    if (input.serviceId) await new ServiceService(this.em).resolve(input.serviceId, organizationId, 'payload.serviceId');
    const now = new Date();
    const item = this.em.create(CatalogItem, {
      id: randomUUID(),
      categoryId: input.categoryId,
      serviceId: input.serviceId ?? null,
      name: input.name,
      description: input.description ?? '',
      formSchema: input.formSchema,
      priceAmount: input.price?.amount ?? null,
      priceCurrency: input.price?.currency ?? null,
      approvalPolicy: input.approvalPolicy ?? { kind: 'none' },
      visibleOrganizationIds: input.visibility?.organizationIds ?? [],
      visibleRoles: input.visibility?.roles ?? [],
      processId: input.processId ?? DEFAULT_FULFILMENT_PROCESS,
      fulfilmentGroup: input.fulfilmentGroup ?? null,
      active: input.active ?? true,
      organizationId,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'catalogItem.created',
      entity: 'CatalogItem',
      entityId: item.id,
      after: view(item),
    });
    await this.em.flush();
    return item;
  }

  async updateItem(principal: Principal, id: string, changes: Partial<Omit<ItemInput, 'organizationId'>>): Promise<CatalogItem> {
    const item = await this.getItem(principal, id);
    await this.checkItem(principal, changes);
    if (changes.serviceId) await new ServiceService(this.em).resolve(changes.serviceId, item.organizationId ?? null, 'payload.serviceId');
    const before = view(item);
    const { price, visibility, ...rest } = changes;
    this.em.assign(item, {
      ...rest,
      ...(price !== undefined ? { priceAmount: price?.amount ?? null, priceCurrency: price?.currency ?? null } : {}),
      ...(visibility?.organizationIds !== undefined ? { visibleOrganizationIds: visibility.organizationIds } : {}),
      ...(visibility?.roles !== undefined ? { visibleRoles: visibility.roles } : {}),
      updatedAt: new Date(),
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'catalogItem.updated',
      entity: 'CatalogItem',
      entityId: id,
      before,
      after: view(item),
    });
    await this.em.flush();
    return item;
  }

  /** An item that was ordered is withdrawn (`active: false`), not deleted: its orders keep pointing at it. */
  async deleteItem(principal: Principal, id: string): Promise<void> {
    const item = await this.getItem(principal, id);
    recordAudit(this.em, actorOf(principal), { action: 'catalogItem.deleted', entity: 'CatalogItem', entityId: id, before: view(item) });
    await removeUnlessReferred(
      this.em,
      item,
      new RuleViolation('CATALOG_ITEM_ORDERED', `catalog item "${item.name}" has orders; set active to false instead`),
    );
  }

  private async uniqueCategory(name: string): Promise<void> {
    if (await this.em.findOne(CatalogCategory, { name: { $ilike: escapeLike(name) } }))
      throw new RuleViolation('CATALOG_CATEGORY_EXISTS', `a catalog category named "${name}" exists`, [
        { field: 'payload.name', message: 'taken' },
      ]);
  }

  private async checkItem(principal: Principal, input: Partial<ItemInput>): Promise<void> {
    if (input.formSchema !== undefined) {
      const problems = checkFormSchema(input.formSchema);
      if (problems.length)
        throw new InvalidInput('INVALID_FORM_SCHEMA', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    }
    if (input.categoryId && !(await this.em.findOne(CatalogCategory, { id: input.categoryId })))
      throw new RuleViolation('UNKNOWN_CATALOG_CATEGORY', `there is no catalog category ${input.categoryId}`, [
        { field: 'payload.categoryId', message: 'no such category' },
      ]);
    for (const [field, key] of [
      ['payload.fulfilmentGroup', input.fulfilmentGroup],
      ['payload.approvalPolicy.group', input.approvalPolicy?.group],
      ['payload.approvalPolicy.costApprovers', input.approvalPolicy?.costApprovers],
    ] as const) {
      if (key && !(await this.em.findOne(Group, { key }))) throw new UnknownGroup(key, field);
    }
    await assertOrganizationsServed(this.em, principal, input.visibility?.organizationIds ?? [], 'payload.visibility.organizationIds');
  }
}

async function removeUnlessReferred(em: EntityManager, row: object, refusal: RuleViolation): Promise<void> {
  try {
    await em.remove(row).flush();
  } catch (err) {
    if (err instanceof ForeignKeyConstraintViolationException) throw refusal;
    throw err;
  }
}

/** Roles and withdrawal, on top of the tenant visibility the query already applied. */
export function visibleTo(item: CatalogItem, principal: Principal): boolean {
  if (hasRole(principal, ...CATALOG_CURATORS)) return true;
  if (!item.active) return false;
  return item.visibleRoles.length === 0 || item.visibleRoles.some((r) => (principal.roles as string[]).includes(r));
}

function view(i: CatalogItem) {
  return {
    name: i.name,
    categoryId: i.categoryId,
    serviceId: i.serviceId ?? null,
    price: i.priceAmount === null || i.priceAmount === undefined ? null : { amount: i.priceAmount, currency: i.priceCurrency },
    approvalPolicy: i.approvalPolicy,
    visibleOrganizationIds: i.visibleOrganizationIds,
    visibleRoles: i.visibleRoles,
    processId: i.processId,
    fulfilmentGroup: i.fulfilmentGroup ?? null,
    active: i.active,
  };
}
