import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { scopeSees, setTenantScope, TenantScope, tenantScopeOn } from '../../db/tenant';
import { NotFound, NotPermitted, RuleViolation, UnknownGroup, WrongState } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { Organization } from '../../identity/domain/organization.entity';
import { resolveServiceNaming } from '../../services/domain/service-reference';
import { presentRule } from '../presenters';
import { ROUTING_CRITERIA } from './match-rule';
import { RoutingRule } from './routing-rule.entity';
import { ROUTING_SETTINGS_ID, RoutingSettings } from './routing-settings.entity';

export interface RuleInput {
  name: string;
  /** 1 = tried first; omitted on create: after every other rule. */
  position?: number;
  category?: string | null;
  subcategory?: string | null;
  /** The service's id, or its name (kept for older clients); stored as the id. */
  service?: string | null;
  serviceId?: string | null;
  priority?: string | null;
  organizationId?: string | null;
  assignmentGroup: string;
  requiredSkills?: string[];
}

// Every write that moves positions takes this transaction-scoped lock, so positions stay 1..n without gaps or twins.
export const POSITIONS_LOCK = "select pg_advisory_xact_lock(hashtext('routing_rule.position'))";

/** The routing rules and the default group, as process owners maintain them. */
export class RoutingRuleService {
  constructor(private readonly em: EntityManager) {}

  list(): Promise<RoutingRule[]> {
    return this.em.find(RoutingRule, {}, { orderBy: { position: 'asc', createdAt: 'asc' } });
  }

  async get(id: string): Promise<RoutingRule> {
    const rule = await this.em.findOne(RoutingRule, { id });
    if (!rule) throw new NotFound('ROUTING_RULE_NOT_FOUND', `routing rule ${id} does not exist`);
    return rule;
  }

  async create(actor: Actor, given: RuleInput): Promise<RoutingRule> {
    const { input, serviceName } = await this.withServiceId(given, given.organizationId ?? null);
    await this.checkReferences(input);
    return this.writing(input.name, async (em) => {
      const rules = await this.ordered(em);
      const position = input.position ?? rules.length + 1;
      assertPosition(position, rules.length + 1);
      const now = new Date();
      const rule = em.create(RoutingRule, {
        id: randomUUID(),
        name: input.name,
        position,
        ...criteriaOf(input),
        assignmentGroup: input.assignmentGroup,
        requiredSkills: input.requiredSkills ?? [],
        createdAt: now,
        updatedAt: now,
      });
      renumber([...rules.slice(0, position - 1), rule, ...rules.slice(position - 1)]);
      if (serviceName !== undefined) rule.service = serviceName;
      recordAudit(em, actor, { action: 'routingRule.created', entity: 'RoutingRule', entityId: rule.id, after: presentRule(rule) });
      return rule;
    });
  }

  /** Changes criteria, target or skills; a new `position` moves the rule and shifts the ones in between. */
  async update(actor: Actor, id: string, given: Partial<RuleInput>): Promise<RoutingRule> {
    const { input: patch, serviceName } = await this.withServiceId(
      given,
      given.organizationId ?? (await this.get(id)).organizationId ?? null,
    );
    await this.checkReferences(patch);
    return this.writing(patch.name, async (em) => {
      const rules = await this.ordered(em);
      const rule = rules.find((r) => r.id === id);
      if (!rule || !this.maySee(rule)) throw new NotFound('ROUTING_RULE_NOT_FOUND', `routing rule ${id} does not exist`);
      const before = presentRule(rule);
      const { position, ...fields } = patch;
      em.assign(rule, { ...fields, updatedAt: new Date() });
      // The name is read with the row, not stored: a changed reference shows its new name at once.
      if (serviceName !== undefined) rule.service = serviceName;
      if (position !== undefined && position !== rule.position) {
        assertPosition(position, rules.length);
        const others = rules.filter((r) => r !== rule);
        renumber([...others.slice(0, position - 1), rule, ...others.slice(position - 1)]);
      }
      recordAudit(em, actor, { action: 'routingRule.updated', entity: 'RoutingRule', entityId: id, before, after: presentRule(rule) });
      return rule;
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.writing(undefined, async (em) => {
      const rules = await this.ordered(em);
      const rule = rules.find((r) => r.id === id);
      if (!rule || !this.maySee(rule)) throw new NotFound('ROUTING_RULE_NOT_FOUND', `routing rule ${id} does not exist`);
      recordAudit(em, actor, { action: 'routingRule.deleted', entity: 'RoutingRule', entityId: id, before: presentRule(rule) });
      em.remove(rule);
      renumber(rules.filter((r) => r !== rule));
    });
  }

  /**
   * Puts the named rules in the given order among themselves: they take the positions they hold now,
   * in that order; rules not named keep theirs. Naming every rule reorders the whole list. A rule
   * someone created meanwhile is therefore never a reason to refuse.
   */
  async reorder(actor: Actor, ids: readonly string[]): Promise<RoutingRule[]> {
    await this.writing(undefined, async (em) => {
      const rules = await this.ordered(em);
      const byId = new Map(rules.map((r) => [r.id, r]));
      const unknown = ids.filter((id) => !byId.has(id) || !this.maySee(byId.get(id)!));
      if (unknown.length) {
        throw new RuleViolation(
          'UNKNOWN_ROUTING_RULE',
          `payload.ids: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a routing rule`,
          unknown.map((id) => ({ field: 'payload.ids', message: `${id} is not a routing rule` })),
        );
      }
      const slots = ids.map((id) => byId.get(id)!.position).sort((a, b) => a - b);
      const before = rules.map((r) => r.name);
      ids.forEach((id, i) => (byId.get(id)!.position = slots[i]!));
      const after = [...rules].sort((a, b) => a.position - b.position);
      for (const r of after) if (ids.includes(r.id)) r.updatedAt = new Date();
      recordAudit(em, actor, {
        action: 'routingRule.reordered',
        entity: 'RoutingRule',
        entityId: '*',
        before: { order: before },
        after: { order: after.map((r) => r.name) },
      });
    });
    return this.list();
  }

  /** Where a ticket goes when no rule matches; null when none is set. */
  async defaultGroup(): Promise<string | null> {
    return (await this.em.findOne(RoutingSettings, { id: ROUTING_SETTINGS_ID }))?.defaultGroup ?? null;
  }

  async setDefaultGroup(actor: Actor, key: string): Promise<string> {
    await assertGroup(this.em, key, 'payload.assignmentGroup');
    const settings =
      (await this.em.findOne(RoutingSettings, { id: ROUTING_SETTINGS_ID })) ??
      this.em.create(RoutingSettings, { id: ROUTING_SETTINGS_ID, defaultGroup: null, updatedAt: new Date() });
    if (settings.defaultGroup === key) return key;
    recordAudit(this.em, actor, {
      action: 'routing.defaultGroup.changed',
      entity: 'RoutingSettings',
      entityId: String(ROUTING_SETTINGS_ID),
      before: { defaultGroup: settings.defaultGroup ?? null },
      after: { defaultGroup: key },
    });
    this.em.assign(settings, { defaultGroup: key, updatedAt: new Date() });
    await this.em.flush();
    return key;
  }

  /** A rule names its service by id: a name (older clients) or an id is resolved, 422 when unknown. */
  private async withServiceId<T extends Partial<RuleInput>>(
    given: T,
    organizationId: string | null,
  ): Promise<{ input: T; serviceName: string | null | undefined }> {
    const { service, serviceId, ...rest } = given;
    const resolved = await resolveServiceNaming(this.em, organizationId, { service, serviceId }, 'payload.');
    return {
      input: { ...rest, ...('serviceId' in resolved ? { serviceId: resolved.serviceId } : {}) } as T,
      serviceName: resolved.service,
    };
  }

  private async checkReferences(input: Partial<RuleInput>): Promise<void> {
    if (input.assignmentGroup !== undefined) await assertGroup(this.em, input.assignmentGroup, 'payload.assignmentGroup');
    // An organisation's existence is no secret (ids are random, names admin-only); its rules are its servers' to set.
    if (input.organizationId !== undefined && !scopeSees(tenantScopeOn(this.em), input.organizationId)) {
      throw new NotPermitted(
        'ORGANIZATION_NOT_SERVED',
        `payload.organizationId: ${input.organizationId ?? 'internal tickets'} is not an organisation you serve; a routing rule may only name one you do`,
      );
    }
    // Checked after the scope: organisations are under row-level security, so one the caller does not serve is not found.
    if (input.organizationId && !(await this.em.findOne(Organization, { id: input.organizationId }))) {
      throw new RuleViolation('UNKNOWN_ORGANIZATION', `payload.organizationId: organisation ${input.organizationId} does not exist`, [
        { field: 'payload.organizationId', message: 'no such organisation' },
      ]);
    }
  }

  /** A rule for a customer the caller does not serve is not theirs to change (the list stays desk-wide). */
  private maySee(rule: RoutingRule): boolean {
    return !rule.organizationId || scopeSees(tenantScopeOn(this.em), rule.organizationId);
  }

  /**
   * One transaction under the positions lock; a taken name is a 409 and nothing is written. Positions
   * are one desk-wide order, so renumbering moves rules of customers the caller does not serve too:
   * the transaction sees every rule (row-level security bypassed, named), and what the caller may
   * touch is checked before, against their own scope (checkReferences, maySee).
   */
  private async writing<T>(name: string | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const desk = this.em.fork() as EntityManager;
    setTenantScope(desk, TenantScope.all('routing rule positions are one desk-wide order'));
    try {
      return await desk.transactional(async (em) => {
        await em.execute(POSITIONS_LOCK);
        return work(em);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException)
        throw new WrongState('ROUTING_RULE_NAME_TAKEN', `a routing rule named "${name ?? ''}" exists`);
      throw err;
    }
  }

  private ordered(em: EntityManager): Promise<RoutingRule[]> {
    return em.find(RoutingRule, {}, { orderBy: { position: 'asc', createdAt: 'asc' } });
  }
}

async function assertGroup(em: EntityManager, key: string, field: string): Promise<void> {
  if (!(await em.findOne(Group, { key }))) throw new UnknownGroup(key, field, `${field}: group "${key}" does not exist`);
}

function assertPosition(position: number, max: number): void {
  if (position > max)
    throw new RuleViolation('INVALID_POSITION', `payload.position: must be between 1 and ${max}`, [
      { field: 'payload.position', message: `at most ${max}` },
    ]);
}

function renumber(rules: RoutingRule[]): void {
  rules.forEach((r, i) => {
    if (r.position !== i + 1) r.position = i + 1;
  });
}

function criteriaOf(input: Partial<RuleInput>) {
  return Object.fromEntries(ROUTING_CRITERIA.map((c) => [c, input[c] ?? null])) as Record<(typeof ROUTING_CRITERIA)[number], string | null>;
}
