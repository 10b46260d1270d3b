import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, RuleViolation, WrongState } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { CiRelation, type RelationType } from './ci-relation.entity';
import { ConfigurationItem } from './configuration-item.entity';

export interface NewRelation {
  sourceId: string;
  type: RelationType;
  targetId: string;
}

/**
 * Relations between CIs. Both ends must be visible to the caller (404 otherwise: no existence leak),
 * and may not belong to two different customers (422): one customer's outage must never show in
 * another's impact. An internal CI (no organisation) may relate to any customer's; the relation then
 * belongs to that customer.
 */
export class RelationService {
  constructor(private readonly em: EntityManager) {}

  async create(principal: Principal, input: NewRelation): Promise<CiRelation> {
    const [source, target] = await Promise.all([this.ci(input.sourceId), this.ci(input.targetId)]);
    const organizationId = relationOwner(source, target);
    if (await this.em.count(CiRelation, { sourceId: source.id, targetId: target.id, type: input.type }))
      throw new WrongState('RELATION_EXISTS', `${source.name} already ${input.type.replace('_', ' ')} ${target.name}`);
    const relation = this.em.create(CiRelation, { id: randomUUID(), organizationId, ...input, createdAt: new Date() });
    recordAudit(this.em, actorOf(principal), {
      action: 'ciRelation.created',
      entity: 'CiRelation',
      entityId: relation.id,
      after: relationView(relation),
    });
    await this.em.flush();
    return relation;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    const relation = await this.em.findOne(CiRelation, { id });
    if (!relation) throw new NotFound('RELATION_NOT_FOUND', `there is no relation ${id}`);
    recordAudit(this.em, actorOf(principal), {
      action: 'ciRelation.deleted',
      entity: 'CiRelation',
      entityId: id,
      before: relationView(relation),
    });
    await this.em.remove(relation).flush();
  }

  /** The CI's relations in both directions, with the CI at the other end (those the caller may see). */
  async of(ciId: string) {
    const relations = await this.em.find(CiRelation, { $or: [{ sourceId: ciId }, { targetId: ciId }] }, { orderBy: { createdAt: 'asc' } });
    const others = await this.em.find(ConfigurationItem, {
      id: { $in: relations.map((r) => (r.sourceId === ciId ? r.targetId : r.sourceId)) },
    });
    const byId = new Map(others.map((c) => [c.id, c]));
    return relations.flatMap((r) => {
      const other = byId.get(r.sourceId === ciId ? r.targetId : r.sourceId);
      return other ? [{ relation: r, direction: r.sourceId === ciId ? ('outgoing' as const) : ('incoming' as const), other }] : [];
    });
  }

  private async ci(id: string): Promise<ConfigurationItem> {
    const found = await this.em.findOne(ConfigurationItem, { id });
    if (!found) throw new NotFound('CI_NOT_FOUND', `there is no configuration item ${id}`);
    return found;
  }
}

/** The organisation a relation between these two CIs belongs to; refuses two customers. */
export function relationOwner(
  source: Pick<ConfigurationItem, 'organizationId' | 'name'>,
  target: Pick<ConfigurationItem, 'organizationId' | 'name'>,
  field = 'payload.targetId',
): string | null {
  if (source.organizationId && target.organizationId && source.organizationId !== target.organizationId)
    throw new RuleViolation('CROSS_CUSTOMER_RELATION', `${source.name} and ${target.name} belong to different customers`, [
      { field, message: 'belongs to another customer than the source' },
    ]);
  return source.organizationId ?? target.organizationId ?? null;
}

export const relationView = (r: CiRelation) => ({
  organizationId: r.organizationId ?? null,
  sourceId: r.sourceId,
  type: r.type,
  targetId: r.targetId,
});
