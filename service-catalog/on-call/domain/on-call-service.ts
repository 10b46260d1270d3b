import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Temporal } from 'temporal-polyfill';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { InvalidInput, NotFound } from '../../errors';
import { Group } from '../../identity/domain/group.entity';
import { User } from '../../identity/domain/user.entity';
import { OnCallOverride, OnCallRota, type OnCallShift } from './on-call.entity';
import { rotaOnCallAt } from './on-call-schedule';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export interface OnCallNow {
  user: User | null;
  /** Why this person: a dated override, the weekly rota, or nobody (the group is paged instead). */
  source: 'override' | 'rota' | null;
}

/**
 * On-call rotas per group: who is on call now (an override covering the moment wins, else the weekly
 * rota), so a page reaches one person instead of a whole group. Only members of the group are put on call.
 */
export class OnCallService {
  constructor(private readonly em: EntityManager) {}

  async setRota(actor: Actor, groupKey: string, input: { timeZone: string; shifts: OnCallShift[] }): Promise<OnCallRota> {
    const group = await this.group(groupKey);
    try {
      Temporal.Now.instant().toZonedDateTimeISO(input.timeZone);
    } catch {
      throw new InvalidInput('INVALID_TIME_ZONE', `unknown time zone "${input.timeZone}"`, [
        { field: 'payload.timeZone', message: 'an IANA time zone' },
      ]);
    }
    const bad = input.shifts.flatMap((s, i) =>
      (['start', 'end'] as const)
        .filter((f) => !TIME.test(s[f]))
        .map((f) => ({ field: `payload.shifts[${i}].${f}`, message: 'HH:MM, or 24:00' })),
    );
    if (bad.length) throw new InvalidInput('INVALID_SHIFT', 'shift times are HH:MM (24:00 for the end of the day)', bad);
    await this.requireMembers(
      group,
      input.shifts.map((s, i) => [s.userId, `payload.shifts[${i}].userId`]),
    );
    const rota =
      (await this.em.findOne(OnCallRota, { groupKey })) ??
      this.em.create(OnCallRota, { groupKey, timeZone: input.timeZone, shifts: [], updatedAt: new Date(), updatedBy: actor.name });
    const before = { timeZone: rota.timeZone, shifts: rota.shifts };
    Object.assign(rota, { timeZone: input.timeZone, shifts: input.shifts, updatedAt: new Date(), updatedBy: actor.name });
    recordAudit(this.em, actor, {
      action: 'onCall.rotaSet',
      entity: 'Group',
      entityId: group.id,
      before,
      after: { timeZone: input.timeZone, shifts: input.shifts },
    });
    await this.em.flush();
    return rota;
  }

  async addOverride(
    actor: Actor,
    groupKey: string,
    input: { userId: string; startsAt: Date; endsAt: Date; reason?: string },
  ): Promise<OnCallOverride> {
    const group = await this.group(groupKey);
    if (input.endsAt <= input.startsAt)
      throw new InvalidInput('INVALID_PERIOD', 'an override ends after it starts', [
        { field: 'payload.endsAt', message: 'after startsAt' },
      ]);
    await this.requireMembers(group, [[input.userId, 'payload.userId']]);
    const override = this.em.create(OnCallOverride, {
      id: randomUUID(),
      groupKey,
      userId: input.userId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason ?? null,
      createdBy: actor.name,
      createdAt: new Date(),
    });
    recordAudit(this.em, actor, { action: 'onCall.overrideAdded', entity: 'Group', entityId: group.id, after: { ...input } });
    await this.em.flush();
    return override;
  }

  /** Who is on call for the group at `at` (default now); an inactive user counts as nobody. */
  async onCall(groupKey: string, at = new Date()): Promise<OnCallNow> {
    const override = await this.em.findOne(
      OnCallOverride,
      { groupKey, startsAt: { $lte: at }, endsAt: { $gt: at } },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
    const rota = await this.em.findOne(OnCallRota, { groupKey });
    const userId = override?.userId ?? (rota ? rotaOnCallAt(rota, at.getTime()) : null);
    if (!userId) return { user: null, source: null };
    const user = await this.em.findOne(User, { id: userId, active: true });
    return user ? { user, source: override ? 'override' : 'rota' } : { user: null, source: null };
  }

  async view(groupKey: string, at = new Date()) {
    await this.group(groupKey);
    const rota = await this.em.findOne(OnCallRota, { groupKey });
    const overrides = await this.em.find(
      OnCallOverride,
      { groupKey, endsAt: { $gt: at } },
      { orderBy: { startsAt: 'asc', id: 'asc' }, limit: 100 },
    );
    return { rota, overrides, now: await this.onCall(groupKey, at) };
  }

  private async group(key: string): Promise<Group> {
    const group = await this.em.findOne(Group, { key });
    if (!group) throw new NotFound('GROUP_NOT_FOUND', `group "${key}" does not exist`);
    return group;
  }

  private async requireMembers(group: Group, people: Array<[string, string]>): Promise<void> {
    const users = await this.em.find(User, { id: { $in: people.map(([id]) => id) } });
    const bad = people.filter(([id]) => !users.find((u) => u.id === id && u.active && u.groupIds.includes(group.id)));
    if (bad.length)
      throw new InvalidInput(
        'NOT_A_MEMBER',
        `only active members of group "${group.key}" can be on call for it`,
        bad.map(([, field]) => ({ field, message: `not a member of ${group.key}` })),
      );
  }
}
