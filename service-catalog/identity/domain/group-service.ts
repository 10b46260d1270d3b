import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { Conflict } from '../../errors';
import { presentGroup } from '../presenters';
import { Group } from './group.entity';

/** Assignment groups; membership is kept on the user (UserService). */
export class GroupService {
  constructor(private readonly em: EntityManager) {}

  async list(page: { limit: number; offset: number }): Promise<{ items: Group[]; total: number }> {
    const [items, total] = await this.em.findAndCount(Group, {}, { orderBy: { key: 'asc' }, ...page });
    return { items, total };
  }

  async create(actor: Actor, input: { key: string; name: string }): Promise<Group> {
    const group = this.em.create(Group, { id: randomUUID(), key: input.key, name: input.name, createdAt: new Date() });
    recordAudit(this.em, actor, { action: 'group.created', entity: 'Group', entityId: group.id, after: presentGroup(group) });
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new Conflict('GROUP_KEY_TAKEN', `group key "${input.key}" is taken`);
      throw err;
    }
    return group;
  }
}
