import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { WrongState, InvalidInput, NotFound } from '../../errors';
import { presentUser } from '../presenters';
import { Group } from './group.entity';
import { Organization } from './organization.entity';
import { hashPassword, verifyPassword } from './passwords';
import { assertExist } from './references';
import type { Role } from './roles';
import { endSessionsOf } from './session-revocation';
import { signInAccount } from './identity-lookups';
import { User } from './user.entity';

export interface UserInput {
  username: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  password?: string;
  roles: Role[];
  organizationId?: string | null;
  groupIds?: string[];
  servedOrganizationIds?: string[];
  active?: boolean;
  skills?: string[];
  managerId?: string | null;
  available?: boolean;
  timeZone?: string | null;
}

/** The directory of users. Every change is audited in the same flush, without the password hash. */
export class UserService {
  constructor(private readonly em: EntityManager) {}

  async list(opts: { limit: number; offset: number; role?: Role; organizationId?: string }): Promise<{ items: User[]; total: number }> {
    const where = {
      ...(opts.role ? { roles: { $contains: [opts.role] } } : {}),
      ...(opts.organizationId ? { organizationId: opts.organizationId } : {}),
    };
    const [items, total] = await this.em.findAndCount(User, where, {
      orderBy: { username: 'asc' },
      limit: opts.limit,
      offset: opts.offset,
    });
    return { items, total };
  }

  async get(id: string): Promise<User> {
    const user = await this.em.findOne(User, { id });
    if (!user) throw new NotFound('USER_NOT_FOUND', `user ${id} does not exist`);
    return user;
  }

  async create(actor: Actor, input: UserInput): Promise<User> {
    await this.checkReferences(input);
    const now = new Date();
    const user = this.em.create(User, {
      id: randomUUID(),
      username: input.username.toLowerCase(),
      displayName: input.displayName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      roles: input.roles,
      organizationId: input.organizationId ?? null,
      groupIds: input.groupIds ?? [],
      servedOrganizationIds: input.servedOrganizationIds ?? [],
      active: input.active ?? true,
      skills: input.skills ?? [],
      managerId: input.managerId ?? null,
      available: input.available ?? true,
      lastAssignedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    recordAudit(this.em, actor, { action: 'user.created', entity: 'User', entityId: user.id, after: presentUser(user) });
    await this.flushUnique(user.username);
    return user;
  }

  /**
   * A new password or a deactivation ends every session of the user, in the same flush: whoever held
   * the old password or the account's tokens is out at once, not when the access tokens expire.
   */
  async update(actor: Actor, id: string, patch: Partial<Omit<UserInput, 'username'>>): Promise<User> {
    await this.checkReferences(patch);
    const user = await this.get(id);
    if (patch.managerId === id)
      throw new InvalidInput('OWN_MANAGER', 'payload.managerId: a user cannot be their own manager', [
        { field: 'payload.managerId', message: 'is the user themselves' },
      ]);
    const before = presentUser(user);
    const { password, ...fields } = patch;
    const deactivated = user.active && fields.active === false;
    this.em.assign(user, { ...fields, updatedAt: new Date() });
    if (password) user.passwordHash = await hashPassword(password);
    if (password || deactivated) await endSessionsOf(this.em, user);
    recordAudit(this.em, actor, {
      action: password ? 'user.updated+password' : 'user.updated',
      entity: 'User',
      entityId: id,
      before,
      after: presentUser(user),
    });
    await this.em.flush();
    return user;
  }

  /** An admin signs a user out everywhere (a lost laptop, a leaked token); API tokens are the user's to revoke. */
  async revokeSessions(actor: Actor, id: string): Promise<void> {
    const user = await this.get(id);
    await endSessionsOf(this.em, user);
    recordAudit(this.em, actor, { action: 'user.sessionsRevoked', entity: 'User', entityId: id });
    await this.em.flush();
  }

  /** What a user may change about themselves; a new password needs the current one. */
  async updateSelf(
    actor: Actor,
    id: string,
    patch: {
      displayName?: string;
      email?: string | null;
      phone?: string | null;
      password?: string;
      currentPassword?: string;
      timeZone?: string | null;
    },
  ): Promise<User> {
    if (patch.password) {
      // The hash is no column the application's role may read (db/app-role.ts): sign-in's definer lookup hands it over.
      const user = await this.em.findOne(User, { id });
      const account = user ? await signInAccount(this.em, user.username) : null;
      if (!(await verifyPassword(account?.id === id ? account.passwordHash : null, patch.currentPassword ?? ''))) {
        throw new InvalidInput('WRONG_PASSWORD', 'payload.currentPassword: does not match', [
          { field: 'payload.currentPassword', message: 'does not match' },
        ]);
      }
    }
    const { currentPassword: _current, ...allowed } = patch;
    return this.update(actor, id, allowed);
  }

  /** An agent going away or coming back: routing skips them while they are unavailable. */
  async setAvailability(actor: Actor, id: string, available: boolean): Promise<User> {
    const user = await this.get(id);
    if (user.available === available) return user;
    const before = presentUser(user);
    this.em.assign(user, { available, updatedAt: new Date() });
    recordAudit(this.em, actor, { action: 'user.availability', entity: 'User', entityId: id, before, after: presentUser(user) });
    await this.em.flush();
    return user;
  }

  private async checkReferences(input: Partial<UserInput>): Promise<void> {
    await assertExist(this.em, Organization, input.organizationId ? [input.organizationId] : [], 'payload.organizationId');
    await assertExist(this.em, Organization, input.servedOrganizationIds ?? [], 'payload.servedOrganizationIds');
    await assertExist(this.em, Group, input.groupIds ?? [], 'payload.groupIds');
    await assertExist(this.em, User, input.managerId ? [input.managerId] : [], 'payload.managerId');
  }

  private async flushUnique(username: string): Promise<void> {
    try {
      await this.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new WrongState('USERNAME_TAKEN', `username "${username}" is taken`);
      throw err;
    }
  }
}
