import { randomUUID } from 'node:crypto';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { AuditLog } from '../../audit/audit-log.entity';
import { InvalidInput, NotFound, RuleViolation, WrongState } from '../../errors';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { checkCiFields, keyFromName, type CiFields, type CiProblem } from './ci-fields';
import { ConfigurationItem } from './configuration-item.entity';
import { searchCis, type CiSearch } from './ci-search';

export type NewCi = Partial<CiFields> & Pick<CiFields, 'classKey' | 'name'> & { organizationId?: string | null };
export type CiChanges = Partial<CiFields> & { version?: number };

/** Configuration items: CRUD within what the principal may see (the tenant filter and row-level security). */
export class CiService {
  constructor(private readonly em: EntityManager) {}

  list(search: CiSearch) {
    return searchCis(this.em, search);
  }

  async get(id: string): Promise<ConfigurationItem> {
    const found = await this.em.findOne(ConfigurationItem, { id });
    if (!found) throw new NotFound('CI_NOT_FOUND', `there is no configuration item ${id}`);
    return found;
  }

  async create(principal: Principal, input: NewCi): Promise<ConfigurationItem> {
    const organizationId = await owningOrganization(this.em, principal, input.organizationId);
    const fields = withDefaults(input);
    refuse(await checkCiFields(this.em, fields, organizationId, 'payload'));
    await this.keyFree(organizationId, fields.key);
    const now = new Date();
    const ci = this.em.create(ConfigurationItem, {
      id: randomUUID(),
      organizationId,
      ...fields,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, actorOf(principal), { action: 'ci.created', entity: 'ConfigurationItem', entityId: ci.id, after: ciView(ci) });
    await this.em.flush();
    return ci;
  }

  async update(principal: Principal, id: string, changes: CiChanges): Promise<ConfigurationItem> {
    const ci = await this.get(id);
    if (changes.version !== undefined && changes.version !== ci.version)
      throw new WrongState(
        'STALE_CI',
        `configuration item ${id} is at version ${ci.version}, not ${changes.version}: reload it and apply again`,
      );
    const { version: _version, ...fieldChanges } = changes;
    const fields = { ...fieldsOf(ci), ...fieldChanges };
    refuse(await checkCiFields(this.em, fields, ci.organizationId ?? null, 'payload', ci.lifecycleState));
    if (fields.key !== ci.key) await this.keyFree(ci.organizationId ?? null, fields.key);
    const before = ciView(ci);
    this.em.assign(ci, { ...fields, version: ci.version + 1, updatedAt: new Date() });
    recordAudit(this.em, actorOf(principal), {
      action: 'ci.updated',
      entity: 'ConfigurationItem',
      entityId: id,
      before,
      after: ciView(ci),
    });
    await this.em.flush();
    return ci;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    const ci = await this.get(id);
    recordAudit(this.em, actorOf(principal), { action: 'ci.deleted', entity: 'ConfigurationItem', entityId: id, before: ciView(ci) });
    await this.em.remove(ci).flush();
  }

  /**
   * The CI's history from the API audit log: its own changes and the relations made or removed on
   * either end, newest first. The CI must be visible; the log itself is not tenant-owned.
   */
  async history(id: string, page: { limit: number; offset: number }) {
    await this.get(id);
    const touching = raw(
      (alias: string) =>
        `${alias}.entity = 'CiRelation' and ? in (${alias}.after ->> 'sourceId', ${alias}.after ->> 'targetId', ${alias}.before ->> 'sourceId', ${alias}.before ->> 'targetId')`,
      [id],
    );
    return this.em.findAndCount(
      AuditLog,
      { $or: [{ entity: 'ConfigurationItem', entityId: id }, { [touching as symbol]: [] }] } as FilterQuery<AuditLog>,
      { orderBy: { id: 'desc' }, limit: page.limit, offset: page.offset },
    );
  }

  private async keyFree(organizationId: string | null, key: string): Promise<void> {
    if (await this.em.count(ConfigurationItem, { organizationId, key }))
      throw new WrongState('CI_KEY_TAKEN', `the organisation already has a configuration item with key "${key}"`);
  }
}

export function withDefaults(input: NewCi): CiFields {
  return {
    key: input.key ?? keyFromName(input.name),
    classKey: input.classKey,
    name: input.name,
    lifecycleState: input.lifecycleState ?? 'operational',
    attributes: input.attributes ?? {},
    model: input.model ?? null,
    serialNumber: input.serialNumber ?? null,
    siteId: input.siteId ?? null,
    contractId: input.contractId ?? null,
    warrantyUntil: input.warrantyUntil ?? null,
    maintenanceSchedule: input.maintenanceSchedule ?? null,
  };
}

export function fieldsOf(ci: ConfigurationItem): CiFields {
  return {
    key: ci.key,
    classKey: ci.classKey,
    name: ci.name,
    lifecycleState: ci.lifecycleState,
    attributes: ci.attributes,
    model: ci.model ?? null,
    serialNumber: ci.serialNumber ?? null,
    siteId: ci.siteId ?? null,
    contractId: ci.contractId ?? null,
    warrantyUntil: ci.warrantyUntil ?? null,
    maintenanceSchedule: ci.maintenanceSchedule ?? null,
  };
}

/** What the audit log keeps of a CI (all of it: a CI holds no secrets). */
export const ciView = (ci: ConfigurationItem) => ({ organizationId: ci.organizationId ?? null, ...fieldsOf(ci) });

/** Schema problems first (400), then what names something absent or not allowed (422). */
function refuse(problems: CiProblem[]): void {
  if (!problems.length) return;
  const invalid = problems.filter((p) => p.kind === 'invalid');
  const list = invalid.length ? invalid : problems;
  const message = list.map((p) => `${p.field}: ${p.message}`).join('; ');
  const details = list.map(({ field, message: m }) => ({ field, message: m }));
  if (invalid.length) throw new InvalidInput('INVALID_CI', message, details);
  throw new RuleViolation('CI_RULE_VIOLATION', message, details);
}
