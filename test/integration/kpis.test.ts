// Over 300 lines because the fixture's hand-checked figures sit beside the tickets they come from.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { businessTimeBetween } from '../../service-catalog/sla/domain/business-calendar';
import { VILNIUS_BUSINESS_HOURS } from '../../scripts/lib/demo-sla';
import { KPI_BREAKDOWNS, KPI_PERIODS } from '../../service-catalog/kpis/domain/kpi-dimensions';
import { KpiReports } from '../../service-catalog/kpis/domain/kpi-reports';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

/**
 * Every KPI of issue 20 on a fixture of tickets whose figures are worked out by hand below, under a
 * 09:00–17:00 Monday–Friday UTC calendar with a 1 h response and an 8 h resolution target.
 * December 2026: Fri 4, Mon 7, Tue 8, Wed 9.
 */
describe('KPIs computed in SQL', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const service = `kpi-${tag}`;
  const groupA = `kpi-a-${tag}`;
  const groupB = `kpi-b-${tag}`;
  const policy = `KPI ${tag}`;
  const orgs = { baltic: '', nordic: '' };
  let em: EntityManager;

  const ticket = async (n: number, t: Record<string, unknown>) => {
    const row: Record<string, unknown> = {
      id: randomUUID(),
      number: `KPI${tag}-${n}`,
      type: 'incident',
      title: `KPI fixture ${n}`,
      description: 'fixture',
      service,
      priority: 'P3',
      state: 'new',
      tags: '{}',
      organization_id: orgs.baltic,
      updated_at: new Date(),
      ...t,
    };
    const cols = Object.keys(row);
    await em.execute(`insert into ticket (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`, Object.values(row));
    return row.id as string;
  };
  const update = (id: string, set: Record<string, unknown>) =>
    em.execute(
      `update ticket set ${Object.keys(set)
        .map((c) => `${c} = ?`)
        .join(', ')} where id = ?`,
      [...Object.values(set), id],
    );
  const get = (who: string, url: string) => system.injectAs(who, { method: 'GET', url });

  beforeAll(async () => {
    system = await TestSystem.start();
    em = system.adminEm();
    orgs.baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    orgs.nordic = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    await offerService(system, service);
    const weekly = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '09:00', end: '17:00' }]]));
    const cal = await system.injectAs('marta', {
      method: 'POST',
      url: '/business-calendars',
      payload: { name: `KPI ${tag}`, definition: { timeZone: 'UTC', weekly } },
    });
    expect(cal.statusCode).toBe(201);
    const created = await system.injectAs('marta', {
      method: 'POST',
      url: '/sla-policies',
      payload: { name: policy, service, calendarId: (cal.result as { id: string }).id, responseTarget: 'PT1H', resolutionTarget: 'PT8H' },
    });
    expect(created.statusCode).toBe(201);

    // T1: Fri 17:00 → answered Mon 09:30, resolved Mon 10:00: 30 min and 1 h of business time
    // (65 h on the wall clock), both targets met (due Mon 10:00 and Mon 17:00), resolved first time, rated 5.
    await ticket(1, {
      assignment_group: groupA,
      sla_policy: policy,
      state: 'closed',
      created_at: '2026-12-04T17:00:00Z',
      first_responded_at: '2026-12-07T09:30:00Z',
      response_due_at: '2026-12-07T10:00:00Z',
      resolution_due_at: '2026-12-07T17:00:00Z',
      resolved_at: '2026-12-07T10:00:00Z',
      satisfaction: 2 + 3,
    });
    // T2: Mon 16:00 → answered Tue 10:00 (Mon 1 h + Tue 1 h = 2 h, target Mon 17:00 missed), resolved
    // Tue, reopened, resolved again Wed 12:00 (Mon 1 h + Tue 8 h + Wed 3 h = 12 h, target Tue 16:00 missed); rated 2.
    const t2 = await ticket(2, {
      assignment_group: groupA,
      sla_policy: policy,
      state: 'resolved',
      created_at: '2026-12-07T16:00:00Z',
      first_responded_at: '2026-12-08T10:00:00Z',
      response_due_at: '2026-12-07T17:00:00Z',
      resolution_due_at: '2026-12-08T16:00:00Z',
      resolved_at: '2026-12-08T12:00:00Z',
    });
    await update(t2, { state: 'in_progress', resolved_at: null });
    await update(t2, { state: 'resolved', resolved_at: '2026-12-09T12:00:00Z', satisfaction: 2 });
    // T3: Tue 09:00, answered 09:15 (15 min, met), passed from group A to B, still open.
    const t3 = await ticket(3, {
      assignment_group: groupA,
      sla_policy: policy,
      state: 'in_progress',
      created_at: '2026-12-08T09:00:00Z',
      first_responded_at: '2026-12-08T09:15:00Z',
      response_due_at: '2026-12-08T10:00:00Z',
      // Passed an hour ago, whatever today is: the live view reads "now".
      resolution_due_at: new Date(Date.now() - 3_600_000),
    });
    await update(t3, { assignment_group: groupB });
    // T4: Wed 10:00, P1, no SLA policy, nobody has answered: no business time, no compliance verdict.
    await ticket(4, { assignment_group: groupB, priority: 'P1', created_at: '2026-12-09T10:00:00Z' });
    // T5: November, Nordic: Fri 20th 09:00, answered 09:10, resolved 11:00, rated 4.
    await ticket(5, {
      assignment_group: groupA,
      sla_policy: policy,
      organization_id: orgs.nordic,
      state: 'closed',
      created_at: '2026-11-20T09:00:00Z',
      first_responded_at: '2026-11-20T09:10:00Z',
      response_due_at: '2026-11-20T10:00:00Z',
      resolution_due_at: '2026-11-20T17:00:00Z',
      resolved_at: '2026-11-20T11:00:00Z',
      satisfaction: 4,
    });
    // T6: cancelled in December; counts as created, never as backlog.
    await ticket(6, { assignment_group: groupB, state: 'cancelled', created_at: '2026-12-01T08:00:00Z' });
    // T7: October, still open: over 30 days old in December's backlog.
    await ticket(7, { assignment_group: groupA, state: 'in_progress', created_at: '2026-10-20T10:00:00Z' });
  });
  afterAll(async () => {
    await system?.close();
  });

  const range = 'from=2026-11-01T00:00:00Z&to=2027-01-01T00:00:00Z';

  it('computes every KPI by month and group, business time included', async () => {
    const res = await get('marta', `/kpis?${range}&period=month&by=group&service=${service}`);
    expect(res.statusCode).toBe(200);
    const { items, missing } = res.result as { items: Array<Record<string, unknown>>; missing: Array<{ kpi: string }> };
    // Self-service events name no group: by group they are left out, and said so.
    expect(missing.map((m) => m.kpi)).toEqual(['deflection']);
    // No ticket here waited for its caller, and none was answered by a survey (see kpis-surveys-and-pauses).
    const same = (row: Record<string, unknown>) => ({
      ...row,
      resolutionActiveBusinessAvgS: row.resolutionBusinessAvgS,
      resolutionActiveAvgS: row.resolutionAvgS,
      npsAnswers: 0,
      nps: null,
      cesAnswers: 0,
      cesAverage: null,
      kbSearches: null,
      kbViews: null,
      kbDeflections: null,
      deflectionRate: null,
      selfServicePerTicket: null,
    });
    expect(items).toEqual([
      same({
        period: '2026-11-01',
        key: groupA,
        created: 1,
        resolved: 1,
        firstResponseBusinessAvgS: 600,
        firstResponseAvgS: 600,
        resolutionBusinessAvgS: 7200,
        resolutionAvgS: 7200,
        responseCompliance: 1,
        resolutionCompliance: 1,
        firstContactResolution: 1,
        reopenRate: 0,
        csatAnswers: 1,
        csatAverage: 4,
        csatSatisfied: 1,
      }),
      same({
        period: '2026-12-01',
        key: groupA,
        created: 2,
        resolved: 2,
        firstResponseBusinessAvgS: (1800 + 7200) / 2,
        // T1 Fri 17:00 → Mon 09:30 = 64.5 h; T2 Mon 16:00 → Tue 10:00 = 18 h.
        firstResponseAvgS: (64.5 * 3600 + 18 * 3600) / 2,
        resolutionBusinessAvgS: (3600 + 12 * 3600) / 2,
        // T1 65 h; T2 Mon 16:00 → Wed 12:00 = 44 h.
        resolutionAvgS: (65 * 3600 + 44 * 3600) / 2,
        responseCompliance: 0.5,
        resolutionCompliance: 0.5,
        firstContactResolution: 0.5,
        reopenRate: 0.5,
        csatAnswers: 2,
        csatAverage: 3.5,
        csatSatisfied: 0.5,
      }),
      same({
        period: '2026-12-01',
        key: groupB,
        created: 3,
        resolved: 0,
        firstResponseBusinessAvgS: 900,
        firstResponseAvgS: 900,
        resolutionBusinessAvgS: null,
        resolutionAvgS: null,
        // T3 met; T4 has no policy and T6 no target: they are not counted either way.
        responseCompliance: 1,
        resolutionCompliance: null,
        firstContactResolution: null,
        reopenRate: null,
        csatAnswers: 0,
        csatAverage: null,
        csatSatisfied: null,
      }),
    ]);
  });

  it('breaks down by week, priority and customer, in a time zone, and narrows by filters', async () => {
    const weeks = (await get('marta', `/kpis?${range}&period=week&by=priority&service=${service}&group=${groupB}`)).result as {
      items: Array<{ period: string; key: string; created: number }>;
    };
    // ISO weeks start on Monday: T6 (Tue 1st) in the week of Nov 30th, T3 and T4 in the week of Dec 7th.
    expect(weeks.items.map((r) => [r.period, r.key, r.created])).toEqual([
      ['2026-11-30', 'P3', 1],
      ['2026-12-07', 'P1', 1],
      ['2026-12-07', 'P3', 1],
    ]);
    const customers = (await get('marta', `/kpis?${range}&by=customer&service=${service}`)).result as {
      items: Array<{ period: string; key: string; created: number }>;
    };
    expect(customers.items.map((r) => [r.period.slice(0, 7), r.key, r.created])).toEqual([
      ['2026-11', orgs.nordic, 1],
      ['2026-12', orgs.baltic, 5],
    ]);
    const vilnius = (await get('marta', `/kpis?${range}&by=none&service=${service}&timeZone=Europe/Vilnius`)).result as {
      items: Array<{ period: string; created: number }>;
    };
    expect(vilnius.items.map((r) => [r.period, r.created])).toEqual([
      ['2026-11-01', 1],
      ['2026-12-01', 5],
    ]);
  });

  it('reads the backlog by age at an instant, leaving out resolved and cancelled tickets', async () => {
    // Wed 9th 11:00: T2 (created Mon 16:00, resolved at 12:00) 1–3 days, T7 over 30; T3 1–3 days, T4 1 h.
    const res = await get('marta', `/kpis/backlog?at=2026-12-09T11:00:00Z&by=group&service=${service}`);
    expect(res.statusCode).toBe(200);
    expect((res.result as { items: unknown[] }).items).toEqual([
      { key: groupA, total: 2, under1d: 0, days1to3: 1, days3to7: 0, days7to30: 0, over30d: 1 },
      { key: groupB, total: 2, under1d: 1, days1to3: 1, days3to7: 0, days7to30: 0, over30d: 0 },
    ]);
  });

  it("narrows every figure to the caller's organisation; a plain requester reads none", async () => {
    // Erik is a requester of Nordic: KPIs are for the customer's manager, whom an admin names.
    expect((await get('erik', `/kpis?${range}&by=group&service=${service}`)).statusCode).toBe(403);
    const manager = `kpi-manager-${tag}`;
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/users',
      payload: {
        username: manager,
        displayName: 'Nordic manager',
        password: 'manager-pass-1',
        roles: ['requester', 'customer-manager'],
        organizationId: orgs.nordic,
      },
    });
    expect(created.statusCode).toBe(201);
    await system.tokenFor(manager, 'manager-pass-1');
    // Only T5 is Nordic's.
    const own = (await get(manager, `/kpis?${range}&by=group&service=${service}`)).result as { items: Array<{ created: number }> };
    expect(own.items).toEqual([expect.objectContaining({ period: '2026-11-01', key: groupA, created: 1 })]);
    const baltic = (await get(manager, `/kpis?${range}&by=none&service=${service}&customer=${orgs.baltic}`)).result as { items: unknown[] };
    expect(baltic.items).toEqual([]);
    const peek = (await get(manager, `/kpis/backlog?at=2026-12-09T11:00:00Z&service=${service}`)).result as { items: unknown[] };
    expect(peek.items).toEqual([]);
    // Agne serves Baltic only: December's six tickets less nothing, November's Nordic ticket unseen.
    const agne = (await get('agne', `/kpis?${range}&by=none&service=${service}`)).result as { items: Array<{ created: number }> };
    expect(agne.items.map((r) => r.created)).toEqual([5]);
  });

  it('exports CSV with the same figures', async () => {
    const res = await get('marta', `/kpis.csv?${range}&by=group&service=${service}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, , december] = res.payload.trim().split('\r\n');
    expect(header!.split(',').slice(0, 4)).toEqual(['period', 'key', 'created', 'resolved']);
    expect(december!.split(',').slice(0, 8)).toEqual(['2026-12-01', groupA, '2', '2', '4500', '148500', '23400', '196200']);
    const backlog = await get('marta', `/kpis/backlog.csv?at=2026-12-09T11:00:00Z&by=group&service=${service}`);
    expect(backlog.payload.trim().split('\r\n')).toEqual([
      'key,total,under1d,days1to3,days3to7,days7to30,over30d',
      `${groupA},2,0,1,0,0,1`,
      `${groupB},2,1,1,0,0,0`,
    ]);
  });

  it('refuses a range over the limit, naming the field', async () => {
    const res = await get('marta', `/kpis?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z`);
    expect(res.statusCode).toBe(400);
    expect((res.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['query.to']);
    const backwards = await get('marta', `/kpis?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z`);
    expect((backwards.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['query.to']);
    // Without `from` the range has no start to bound `to` by: `from` alone is named.
    const noFrom = await get('marta', `/kpis?to=2026-11-01T00:00:00Z`);
    expect((noFrom.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['query.from']);
    const badFrom = await get('marta', `/kpis?from=yesterday&to=2026-11-01T00:00:00Z`);
    expect((badFrom.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['query.from']);
    const zone = await get('marta', `/kpis?${range}&timeZone=Mars/Olympus`);
    expect((zone.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['query.timeZone']);
  });

  it('shows a group lead who is on what and what is breaching', async () => {
    const res = await get('tomas', `/kpis/live?group=${groupB}`);
    expect(res.statusCode).toBe(200);
    const live = res.result as { work: Array<{ number: string }>; breachingSoon: Array<{ number: string; dueInS: number }> };
    expect(live.work.map((t) => t.number).sort()).toEqual([`KPI${tag}-3`, `KPI${tag}-4`]);
    // T3's resolution target passed an hour ago; T4 has none.
    expect(live.breachingSoon.map((t) => t.number)).toEqual([`KPI${tag}-3`]);
    expect(live.breachingSoon[0]!.dueInS).toBeLessThan(0);
  });

  it('counts business time in SQL exactly as the SLA clock does, across DST and holidays', async () => {
    const cases: Array<[string, string]> = [
      ['2026-12-04T15:00:00Z', '2026-12-07T08:00:00Z'],
      ['2026-12-23T14:00:00Z', '2026-12-29T14:00:00Z'],
      ['2027-03-26T06:00:00Z', '2027-03-30T12:00:00Z'],
      ['2026-10-23T10:00:00Z', '2026-10-26T10:00:00Z'],
      ['2026-11-23T12:00:00Z', '2026-11-23T12:00:00Z'],
      ['2026-11-28T12:00:00Z', '2026-11-29T12:00:00Z'],
    ];
    for (const [from, to] of cases) {
      const [row] = (await em.execute('select business_seconds(?::jsonb, ?, ?) as s', [
        JSON.stringify(VILNIUS_BUSINESS_HOURS),
        from,
        to,
      ])) as Array<{
        s: string;
      }>;
      expect([from, to, Number(row!.s)]).toEqual([
        from,
        to,
        businessTimeBetween(VILNIUS_BUSINESS_HOURS, Date.parse(from), Date.parse(to)) / 1000,
      ]);
    }
  });

  it('reads the same figures from the partial sums as from each ticket, in any time zone, after edits and deletes', async () => {
    const reports = new KpiReports(em);
    const compare = async () => {
      for (const timeZone of ['UTC', 'Europe/Vilnius', 'America/New_York', 'Asia/Kolkata']) {
        for (const period of KPI_PERIODS) {
          for (const by of KPI_BREAKDOWNS) {
            // Also a range whose ends fall inside a day, so both edges come from the tickets.
            for (const [from, to] of [
              ['2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z'],
              ['2026-12-04T13:30:00Z', '2026-12-09T10:15:00Z'],
            ]) {
              const q = { from: new Date(from!), to: new Date(to!), period, by, timeZone, service };
              const exact = await reports.summary(q, true);
              const rollup = await reports.summary(q);
              expect([timeZone, period, by, from, rollup.length]).toEqual([timeZone, period, by, from, exact.length]);
              rollup.forEach((row, i) => {
                for (const [field, value] of Object.entries(exact[i]!)) {
                  const ours = (row as unknown as Record<string, unknown>)[field];
                  if (typeof value === 'number')
                    expect([timeZone, period, by, field, ours]).toEqual([timeZone, period, by, field, expect.closeTo(value, 6)]);
                  else expect([timeZone, period, by, field, ours]).toEqual([timeZone, period, by, field, value]);
                }
              });
            }
          }
        }
      }
    };
    await compare();
    // A reassignment moves a ticket between rows of the sums; a reopen, a rating and a delete change them.
    const extra = await ticket(90, {
      assignment_group: groupA,
      sla_policy: policy,
      state: 'resolved',
      created_at: '2026-12-08T23:30:00Z',
      first_responded_at: '2026-12-09T09:10:00Z',
      resolved_at: '2026-12-09T11:00:00Z',
    });
    await compare();
    await update(extra, { assignment_group: groupB, satisfaction: 2, updated_at: new Date() });
    await update(extra, { state: 'in_progress', resolved_at: null, updated_at: new Date() });
    await compare();
    const daily = async () =>
      (await em.execute('select coalesce(sum(created), 0)::int as n from ticket_kpi_daily where service = ?', [service])) as Array<{
        n: number;
      }>;
    const before = (await daily())[0]!.n;
    await em.execute('delete from ticket where id = ?', [extra]);
    expect((await daily())[0]!.n).toBe(before - 1);
    await compare();
  });
});
