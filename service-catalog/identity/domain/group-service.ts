import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { InvalidInput, WrongState, NotFound } from '../../errors';
import type { RoutingStrategy } from '../../routing/domain/choose-assignee';
import { presentGroup } from '../presenters';
import { Group } from './group.entity';
import { STAFF_ROLES } from './roles';
import { User } from './user.entity';

/** Assignment groups; membership is kept on the user (UserService). */
export class GroupService {
  constructor(private readonly em: EntityManager) {}

  async list(page: { limit: number; offset: number }): Promise<{ items: Group[]; total: number }> {
    const [items, total] = await this.em.findAndCount(Group, {}, { orderBy: { key: 'asc' }, ...page });
    return { items, total };
  }

  async get(key: string): Promise<Group> {
    const group = await this.em.findOne(Group, { key });
    if (!group) throw new NotFound('GROUP_NOT_FOUND', `group "${key}" does not exist`);
    return group;
  }

  async create(actor: Actor, input: { key: string; name: string; routingStrategy?: RoutingStrategy }): Promise<Group> {
    const group = this.em.create(Group, {
      id: randomUUID(),
      key: input.key,
      name: input.name,
      routingStrategy: input.routingStrategy ?? 'manual',
      roundRobinCursor: null,
      createdAt: new Date(),
    });
    recordAudit(this.em, actor, { action: 'group.created', entity: 'Group', entityId: group.id, after: presentGroup(group) });
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new WrongState('GROUP_KEY_TAKEN', `group key "${input.key}" is taken`);
      throw err;
    }
    return group;
  }

  /** Renames the group or changes how its tickets get an assignee; the key, which diagrams name, never changes. */
  async update(
    actor: Actor,
    key: string,
    patch: { name?: string; routingStrategy?: RoutingStrategy; olaTarget?: string | null; leadId?: string | null },
  ): Promise<Group> {
    const group = await this.get(key);
    if (patch.leadId) {
      const lead = await this.em.findOne(User, { id: patch.leadId, active: true });
      if (!lead || !lead.roles.some((r) => STAFF_ROLES.includes(r)))
        throw new InvalidInput('UNKNOWN_LEAD', `there is no active member of staff ${patch.leadId}`, [
          { field: 'payload.leadId', message: 'an active member of staff' },
        ]);
    }
    const before = presentGroup(group);
    this.em.assign(group, patch);
    recordAudit(this.em, actor, { action: 'group.updated', entity: 'Group', entityId: group.id, before, after: presentGroup(group) });
    await this.em.flush();
    return group;
  }
}
