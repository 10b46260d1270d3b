import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { InvalidInput, NotFound } from '../../errors';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { actorOf, type Principal } from '../../identity/domain/principal';
import type { Ticket } from '../../tickets/domain/ticket.entity';
import { BlackoutWindow } from './blackout-window.entity';
import { CI_CONFLICT_DEPTH, ciConflicts, type CiConflict } from './change-ci-conflicts';

/** States in which a change no longer holds its window. */
const FINISHED = ['closed', 'rejected', 'cancelled'];

export interface ChangeWindow {
  id: string;
  number: string;
  title: string;
  state: string;
  changeType: string | null;
  risk: string | null;
  services: string[];
  plannedStartAt: Date;
  plannedEndAt: Date;
}

export interface ChangeConflicts {
  /** Other changes on one of the same services whose windows overlap this one's. */
  overlapping: Array<Pick<ChangeWindow, 'number' | 'title' | 'state' | 'plannedStartAt' | 'plannedEndAt'> & { services: string[] }>;
  /** Other changes on the same CI, or on a CI upstream or downstream of one of its CIs, in an overlapping window. */
  byCi: CiConflict[];
  /** Blackout windows this change's window falls into (wholly or partly). */
  blackouts: Array<{ id: string; name: string; startsAt: Date; endsAt: Date; services: string[] }>;
}

/** Whether anything collides with the change. */
export const isConflicting = (c: ChangeConflicts) => c.overlapping.length + c.byCi.length + c.blackouts.length > 0;

/** The services a change touches: its service and its affected services. */
export function servicesOf(t: Pick<Ticket, 'service' | 'affectedServices'>): string[] {
  return [...new Set([t.service, ...(t.affectedServices ?? [])].filter((s): s is string => !!s).map((s) => s.toLowerCase()))];
}

/**
 * The change calendar and what collides in it: changes by window, service and state; two changes on
 * one service, or on one CI or CIs related within a few relations (change-ci-conflicts.ts), with
 * overlapping windows; a change inside a blackout window. Read through the caller's
 * (or the process's) tenant scope, so a customer's calendar never shows another customer's changes.
 */
export class ChangeSchedule {
  constructor(private readonly em: EntityManager) {}

  async calendar(query: { from: Date; to: Date; service?: string; ci?: string; state?: string }): Promise<ChangeWindow[]> {
    const params: unknown[] = [query.to, query.from];
    let sql = `select id, number, title, state, change_type, risk, service, affected_services, planned_start_at, planned_end_at
      from ticket where type = 'change' and planned_start_at is not null and planned_end_at is not null
      and planned_start_at < ? and planned_end_at > ?`;
    if (query.service) {
      sql += ' and (lower(service) = ? or ? = any (select lower(s) from unnest(affected_services) s))';
      params.push(query.service.toLowerCase(), query.service.toLowerCase());
    }
    if (query.ci) {
      // Through the ticket's CI links (read under the same tenant scope as the ticket itself).
      sql += ' and id in (select ticket_id from ticket_ci_link where ci_id = ?)';
      params.push(query.ci);
    }
    if (query.state) {
      sql += ' and state = ?';
      params.push(query.state);
    }
    sql += ' order by planned_start_at, number limit 500';
    return ((await this.em.execute(sql, params)) as Row[]).map(toWindow);
  }

  /** @param ciDepth how many CMDB relations away another change's CI still collides with one of this change's (0: the same CI only). */
  async conflicts(
    change: Pick<Ticket, 'id' | 'service' | 'affectedServices' | 'plannedStartAt' | 'plannedEndAt'>,
    ciDepth = CI_CONFLICT_DEPTH,
  ): Promise<ChangeConflicts> {
    const start = change.plannedStartAt;
    const end = change.plannedEndAt;
    if (!start || !end) return { overlapping: [], byCi: [], blackouts: [] };
    const services = servicesOf(change);
    const overlapping = services.length
      ? ((await this.em.execute(
          `select id, number, title, state, change_type, risk, service, affected_services, planned_start_at, planned_end_at
           from ticket where type = 'change' and id <> ? and state <> all (array(select jsonb_array_elements_text(?::jsonb)))
           and planned_start_at < ? and planned_end_at > ?
           and (lower(service) = any (array(select jsonb_array_elements_text(?::jsonb)))
             or exists (select 1 from unnest(affected_services) s where lower(s) = any (array(select jsonb_array_elements_text(?::jsonb)))))
           order by planned_start_at, number limit 50`,
          // Lists travel as JSON: one parameter each, however many services.
          [change.id, JSON.stringify(FINISHED), end, start, JSON.stringify(services), JSON.stringify(services)],
        )) as Row[])
      : [];
    const blackouts = await this.em.find(
      BlackoutWindow,
      { startsAt: { $lt: end }, endsAt: { $gt: start } },
      { orderBy: { startsAt: 'asc' }, limit: 50 },
    );
    return {
      overlapping: overlapping.map(toWindow).map(({ number, title, state, plannedStartAt, plannedEndAt, services: s }) => ({
        number,
        title,
        state,
        plannedStartAt,
        plannedEndAt,
        services: s,
      })),
      byCi: await ciConflicts(this.em, change, { start, end }, FINISHED, ciDepth),
      blackouts: blackouts
        .filter((b) => !b.services.length || b.services.some((s) => services.includes(s.toLowerCase())))
        .map((b) => ({ id: b.id, name: b.name, startsAt: b.startsAt, endsAt: b.endsAt, services: b.services })),
    };
  }

  async listBlackouts(query: { from?: Date; to?: Date }): Promise<BlackoutWindow[]> {
    const where: Record<string, unknown> = {};
    if (query.to) where.startsAt = { $lt: query.to };
    if (query.from) where.endsAt = { $gt: query.from };
    return this.em.find(BlackoutWindow, where, { orderBy: { startsAt: 'asc' }, limit: 500 });
  }

  async createBlackout(
    principal: Principal,
    input: { name: string; startsAt: Date; endsAt: Date; services?: string[]; organizationId?: string | null },
  ): Promise<BlackoutWindow> {
    if (input.endsAt <= input.startsAt)
      throw new InvalidInput('EMPTY_WINDOW', 'a blackout window must end after it starts', [
        { field: 'payload.endsAt', message: 'must be after startsAt' },
      ]);
    const organizationId = await owningOrganization(this.em, principal, input.organizationId ?? undefined);
    const window = this.em.create(BlackoutWindow, {
      id: randomUUID(),
      name: input.name,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      services: input.services ?? [],
      createdBy: principal.username,
      createdAt: new Date(),
      organizationId,
    });
    recordAudit(this.em, actorOf(principal), {
      action: 'change.blackoutCreated',
      entity: 'BlackoutWindow',
      entityId: window.id,
      after: { name: window.name, startsAt: window.startsAt, endsAt: window.endsAt, services: window.services },
    });
    await this.em.flush();
    return window;
  }

  async deleteBlackout(principal: Principal, id: string): Promise<void> {
    const window = await this.em.findOne(BlackoutWindow, { id });
    if (!window) throw new NotFound('BLACKOUT_NOT_FOUND', `blackout window ${id} does not exist`);
    recordAudit(this.em, actorOf(principal), {
      action: 'change.blackoutDeleted',
      entity: 'BlackoutWindow',
      entityId: id,
      before: { name: window.name, startsAt: window.startsAt, endsAt: window.endsAt },
    });
    this.em.remove(window);
    await this.em.flush();
  }
}

interface Row {
  id: string;
  number: string;
  title: string;
  state: string;
  change_type: string | null;
  risk: string | null;
  service: string | null;
  affected_services: string[] | null;
  planned_start_at: Date;
  planned_end_at: Date;
}

function toWindow(r: Row): ChangeWindow {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    changeType: r.change_type,
    risk: r.risk,
    services: servicesOf({ service: r.service, affectedServices: r.affected_services ?? [] }),
    plannedStartAt: new Date(r.planned_start_at),
    plannedEndAt: new Date(r.planned_end_at),
  };
}
