import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { CustomerService } from '../../service-catalog/identity/domain/customer-service';
import { BACKLOG_BUCKETS, KPI_BREAKDOWNS, KPI_PERIODS } from '../../service-catalog/kpis/domain/kpi-dimensions';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

/**
 * Backlog by age and self-service read from their maintained sums (issue 20's benchmark) give exactly
 * what the plain query over every ticket and every event gives — written here once more, apart from
 * the report's code — on a generated mix: two fresh customers and desk-owned rows, reopens, closures,
 * cancellations, reassignments, deletes, and rows stamped on the very instants where the sums' days
 * are cut (a bucket's bound, the reading instant, local midnights). 2033, where no other test writes.
 */
describe('backlog and deflection from their sums equal the plain queries', () => {
  let system: TestSystem;
  let em: EntityManager;
  const tag = randomUUID().slice(0, 8);
  const service = `sums-${tag}`;
  const orgs: string[] = [];
  const groups = [`sums-a-${tag}`, `sums-b-${tag}`, `sums-c-${tag}`, null];
  const agents = [randomUUID(), randomUUID(), null];
  const tickets: string[] = [];
  const events: string[] = [];
  const manager = `sums-manager-${tag}`;

  // A seeded generator: the same mix on every run, so a failure can be replayed.
  let seed = 20;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const DAY = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  /** The instants the backlog is read at: UTC midnights, a mid-day, after everything. */
  const READ_AT = ['2033-03-15T00:00:00Z', '2033-04-01T00:00:00Z', '2033-03-20T13:37:00Z', '2033-06-01T00:00:00Z'];
  const BOUNDS_DAYS = [0, ...BACKLOG_BUCKETS.flatMap((b) => (b.days === null ? [] : [b.days]))];

  const ticket = async (t: Record<string, unknown>) => {
    const row: Record<string, unknown> = {
      id: randomUUID(),
      number: `SUMS${tag}-${tickets.length}`,
      type: 'incident',
      title: `backlog sums ${tickets.length}`,
      description: 'generated',
      service,
      priority: pick(['P1', 'P2', 'P3', 'P4']),
      state: 'new',
      tags: '{}',
      organization_id: pick([...orgs, ...orgs, null]),
      assignment_group: pick(groups),
      assignee_id: pick(agents),
      updated_at: new Date(),
      ...t,
    };
    const cols = Object.keys(row);
    await em.execute(`insert into ticket (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`, Object.values(row));
    tickets.push(row.id as string);
    return row.id as string;
  };
  const update = (id: string, set: Record<string, unknown>) =>
    em.execute(
      `update ticket set ${Object.keys(set)
        .map((c) => `${c} = ?`)
        .join(', ')}, updated_at = now() where id = ?`,
      [...Object.values(set), id],
    );
  const event = async (at: string) => {
    const id = randomUUID();
    await em.execute(`insert into kb_event (id, kind, organization_id, at) values (?, ?, ?, ?)`, [
      id,
      pick(['search', 'search', 'view', 'deflection']),
      pick([...orgs, ...orgs, null]),
      at,
    ]);
    events.push(id);
  };

  /** The plain backlog: every ticket open at `at`, its age against each bucket's bound. */
  const plainBacklog = async (at: string, by: string, org?: string) => {
    const key = {
      none: "''",
      group: 'assignment_group',
      agent: 'assignee_id::text',
      service: 'service',
      priority: 'priority',
      customer: 'organization_id::text',
    }[by]!;
    let lower: number | null = null;
    const buckets = BACKLOG_BUCKETS.map((b) => {
      const conds = [
        lower === null ? 'true' : `age >= interval '${lower} days'`,
        b.days === null ? 'true' : `age < interval '${b.days} days'`,
      ];
      lower = b.days;
      return `(count(*) filter (where ${conds.join(' and ')}))::int as "${b.key}"`;
    });
    return em.execute(
      `select ${key} as key, count(*)::int as total, ${buckets.join(', ')}
         from (select *, ?::timestamptz - created_at as age from ticket
                where service = ? and created_at <= ? and (resolved_at is null or resolved_at > ?)
                  and state not in ('cancelled', 'rejected') ${org ? 'and organization_id = ?' : ''}) t
        group by 1 order by 1 nulls last`,
      [at, service, at, at, ...(org ? [org] : [])],
    );
  };
  /** The plain self-service: customers' events by the local period they fall in. */
  const plainSelfService = async (from: string, to: string, period: string, timeZone: string, by: string, org?: string) => {
    const rows = (await em.execute(
      `select to_char(date_trunc(?, at at time zone ?), 'YYYY-MM-DD') as period, ${by === 'customer' ? 'organization_id::text' : "''"} as key,
              count(*) filter (where kind = 'search') as s, count(*) filter (where kind = 'view') as v, count(*) filter (where kind = 'deflection') as d
         from kb_event where at >= ? and at < ? and organization_id = any (?::uuid[]) ${org ? 'and organization_id = ?' : ''}
        group by 1, 2`,
      [period, timeZone, from, to, `{${orgs.join(',')}}`, ...(org ? [org] : [])],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => `${String(r.period)} ${String(r.key)} ${Number(r.s)}/${Number(r.v)}/${Number(r.d)}`).sort();
  };

  const backlogAs = async (who: string, at: string, by: string) => {
    const res = await system.injectAs(who, { method: 'GET', url: `/kpis/backlog?at=${at}&by=${by}&service=${service}` });
    expect(res.statusCode).toBe(200);
    return (res.result as { items: unknown[] }).items;
  };
  const selfServiceAs = async (who: string, q: string, org?: string) => {
    const res = await system.injectAs(who, { method: 'GET', url: `/kpis?${q}${org ? `&customer=${org}` : ''}` });
    expect(res.statusCode).toBe(200);
    return (res.result as { items: Array<Record<string, unknown>> }).items
      .filter((r) => Number(r.kbSearches) + Number(r.kbViews) + Number(r.kbDeflections) > 0)
      .map((r) => `${String(r.period)} ${String(r.key)} ${Number(r.kbSearches)}/${Number(r.kbViews)}/${Number(r.kbDeflections)}`)
      .sort();
  };

  beforeAll(async () => {
    system = await TestSystem.start();
    em = system.adminEm();
    const customers = new CustomerService(em);
    for (const name of ['one', 'two'])
      orgs.push((await customers.createOrganization(systemActor('sums test'), { name: `Sums ${name} ${tag}` })).id);
    await offerService(system, service);
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/users',
      payload: {
        username: manager,
        displayName: 'Sums manager',
        password: 'manager-pass-1',
        roles: ['customer-manager'],
        organizationId: orgs[0],
      },
    });
    expect(created.statusCode).toBe(201);
    await system.tokenFor(manager, 'manager-pass-1');

    // Tickets over February–May 2033, a quarter of them on a whole minute of a midnight.
    const start = Date.parse('2033-02-01T00:00:00Z');
    for (let i = 0; i < 240; i++) {
      const created = random() < 0.25 ? start + Math.floor(random() * 110) * DAY : start + Math.floor(random() * 110 * DAY);
      const id = await ticket({ created_at: iso(created), state: 'in_progress' });
      const fate = random();
      const resolvedAt = iso(created + Math.floor(random() * 20 * DAY * (random() < 0.3 ? 0.05 : 1)));
      if (fate < 0.45) await update(id, { state: pick(['resolved', 'closed']), resolved_at: resolvedAt });
      else if (fate < 0.55) {
        // Resolved, then reopened: open again, its resolution gone.
        await update(id, { state: 'resolved', resolved_at: resolvedAt });
        await update(id, { state: 'in_progress', resolved_at: null });
      } else if (fate < 0.65) {
        // Reopened and resolved again, later.
        await update(id, { state: 'resolved', resolved_at: resolvedAt });
        await update(id, { state: 'in_progress', resolved_at: null });
        await update(id, { state: 'closed', resolved_at: iso(Date.parse(resolvedAt) + 3 * DAY) });
      } else if (fate < 0.72) await update(id, { state: pick(['cancelled', 'rejected']) });
      if (random() < 0.2) await update(id, { assignment_group: pick(groups), assignee_id: pick(agents) });
    }
    // On the cuts themselves: created exactly at each bound before each reading, resolved exactly at it.
    for (const at of READ_AT) {
      const ms = Date.parse(at);
      for (const days of BOUNDS_DAYS) await ticket({ created_at: iso(ms - days * DAY), state: 'in_progress' });
      await ticket({ created_at: iso(ms - 2 * DAY), state: 'resolved', resolved_at: at });
      await ticket({ created_at: iso(ms - 2 * DAY), state: 'resolved', resolved_at: iso(ms + 1) });
      await ticket({ created_at: iso(ms + 1), state: 'new' });
      // Spans of 2⁸–2¹¹ days: the report reads classes up to 9 one by one and every longer one in a
      // single branch. Each open at the reading, beside one of the same class resolved the day before
      // and one never resolved (read from the monthly sums of still-open tickets).
      for (const days of [300, 520, 1100]) {
        await ticket({ created_at: iso(ms - days * DAY), state: 'in_progress' });
        await ticket({ created_at: iso(ms - days * DAY), state: 'resolved', resolved_at: iso(ms + 2 * DAY) });
        await ticket({ created_at: iso(ms - (days + 5) * DAY), state: 'closed', resolved_at: iso(ms - DAY) });
      }
    }
    // Customers' self-service over January–March 2033, some on UTC or Vilnius midnights, some the desk's own.
    const eventsFrom = Date.parse('2033-01-01T00:00:00Z');
    for (let i = 0; i < 400; i++) {
      const r = random();
      const at =
        r < 0.15
          ? eventsFrom + Math.floor(random() * 89) * DAY
          : r < 0.3
            ? eventsFrom + Math.floor(random() * 89) * DAY - 2 * 3_600_000
            : eventsFrom + Math.floor(random() * 89 * DAY);
      await event(iso(at));
    }
  });
  afterAll(async () => {
    await system?.close();
  });

  const compareBacklog = async () => {
    for (const at of READ_AT)
      for (const by of KPI_BREAKDOWNS) {
        expect([at, by, await backlogAs('admin', at, by)]).toEqual([at, by, await plainBacklog(at, by)]);
        expect([at, by, await backlogAs(manager, at, by)]).toEqual([at, by, await plainBacklog(at, by, orgs[0])]);
      }
  };
  const compareSelfService = async () => {
    for (const timeZone of ['UTC', 'Europe/Vilnius', 'America/New_York'])
      for (const period of KPI_PERIODS)
        for (const [from, to] of [
          ['2033-01-01T00:00:00Z', '2033-04-01T00:00:00Z'],
          ['2033-01-10T07:30:00Z', '2033-02-20T15:45:00Z'],
        ] as const) {
          const q = `from=${from}&to=${to}&period=${period}&timeZone=${timeZone}`;
          for (const by of ['none', 'customer']) {
            const plain = await plainSelfService(from, to, period, timeZone, by);
            expect([q, by, await selfServiceAs('admin', `${q}&by=${by}`)]).toEqual([q, by, plain]);
          }
          const own = await plainSelfService(from, to, period, timeZone, 'customer', orgs[0]);
          expect([q, await selfServiceAs(manager, `${q}&by=customer`)]).toEqual([q, own]);
          expect([q, await selfServiceAs(manager, `${q}&by=customer`, orgs[1])]).toEqual([q, []]);
        }
  };

  it('reads the backlog by age as the plain query does, for the desk and for one customer, after edits and deletes', async () => {
    // The fixture can tell the customers apart: a leak would change the manager's figures.
    expect(await plainBacklog(READ_AT[1]!, 'customer', orgs[0])).not.toEqual(await plainBacklog(READ_AT[1]!, 'customer'));
    await compareBacklog();
    for (const id of tickets.slice(0, 40)) {
      const r = random();
      if (r < 0.25) await update(id, { organization_id: pick(orgs), priority: 'P2' });
      else if (r < 0.5) await update(id, { state: 'cancelled' });
      else if (r < 0.75) await update(id, { state: 'in_progress', resolved_at: null });
      else await em.execute('delete from ticket where id = ?', [id]);
    }
    await compareBacklog();
    // The sums the triggers kept are the sums of the tickets as they now are.
    const kept = await em.execute(
      `select organization_id, created_day, open_until, assignment_group, assignee_id, priority, tickets::int as n
         from ticket_backlog_daily where service = ? and tickets <> 0 order by 1, 2, 3, 4, 5, 6`,
      [service],
    );
    const fresh = await em.execute(
      `select organization_id, (created_at at time zone 'UTC')::date as created_day,
              greatest((created_at at time zone 'UTC')::date, coalesce((resolved_at at time zone 'UTC')::date, 'infinity')) as open_until,
              assignment_group, assignee_id, priority, count(*)::int as n
         from ticket where service = ? and state not in ('cancelled', 'rejected') group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
      [service],
    );
    expect(kept).toEqual(fresh);
    // And the still-open tickets' monthly sums are those of the still-open tickets.
    const keptMonths = await em.execute(
      `select organization_id, created_month, assignment_group, assignee_id, priority, tickets::int as n
         from ticket_backlog_open_monthly where service = ? and tickets <> 0 order by 1, 2, 3, 4, 5`,
      [service],
    );
    const freshMonths = await em.execute(
      `select organization_id, date_trunc('month', created_at at time zone 'UTC')::date as created_month,
              assignment_group, assignee_id, priority, count(*)::int as n
         from ticket where service = ? and state not in ('cancelled', 'rejected') and resolved_at is null
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
      [service],
    );
    expect(freshMonths.length).toBeGreaterThan(3);
    expect(keptMonths).toEqual(freshMonths);
  });

  it("reads customers' self-service as the plain query does, in any period and time zone, after edits and deletes", async () => {
    expect(await plainSelfService('2033-01-01T00:00:00Z', '2033-04-01T00:00:00Z', 'month', 'UTC', 'customer', orgs[1])).not.toEqual([]);
    await compareSelfService();
    for (const id of events.slice(0, 60)) {
      const r = random();
      if (r < 0.3) await em.execute(`update kb_event set kind = 'deflection' where id = ?`, [id]);
      else if (r < 0.5)
        await em.execute(`update kb_event set at = at + interval '13 hours', organization_id = ? where id = ?`, [pick(orgs), id]);
      else if (r < 0.6) await em.execute('update kb_event set organization_id = null where id = ?', [id]);
      else await em.execute('delete from kb_event where id = ?', [id]);
    }
    await compareSelfService();
  });
});
