import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { CustomerService } from '../../service-catalog/identity/domain/customer-service';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

/**
 * NPS, CES, self-service deflection and MTTR without the time awaiting the caller, on a fixture whose
 * figures are worked out by hand below: a fresh customer, January–February 2031 (nobody else's data),
 * a 09:00–17:00 Monday–Friday UTC calendar; read by an admin (the fresh customer is nobody's to serve).
 * January 2031: Mon 6, Tue 7, Wed 8, Fri 10, Mon 13.
 */
describe('KPIs from surveys, self-service and pauses', () => {
  let system: TestSystem;
  let em: EntityManager;
  const tag = randomUUID().slice(0, 8);
  const service = `kpi2-${tag}`;
  const group = `kpi2-${tag}`;
  const policy = `KPI2 ${tag}`;
  let org = '';
  let otherOrg = '';

  const ticket = async (n: number, t: Record<string, unknown>) => {
    const row: Record<string, unknown> = {
      id: randomUUID(),
      number: `KPB${tag}-${n}`,
      type: 'incident',
      title: `KPI fixture ${n}`,
      description: 'fixture',
      service,
      priority: 'P3',
      state: 'new',
      tags: '{}',
      organization_id: org,
      assignment_group: group,
      ...t,
    };
    row.updated_at ??= row.created_at;
    const cols = Object.keys(row);
    await em.execute(`insert into ticket (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`, Object.values(row));
    return row.id as string;
  };
  /** A state change as the application writes it: with the instant it happened as `updated_at`. */
  const move = (id: string, at: string, set: Record<string, unknown>) =>
    em.execute(`update ticket set ${[...Object.keys(set), 'updated_at'].map((c) => `${c} = ?`).join(', ')} where id = ?`, [
      ...Object.values(set),
      at,
      id,
    ]);
  const answer = (ticketId: string, csat: number, nps: number | null, ces: number | null) =>
    em.execute(
      `insert into survey_answer (id, ticket_id, nonce, organization_id, group_key, csat, nps, ces, answered_at) values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
      [randomUUID(), ticketId, randomUUID(), org, group, csat, nps, ces],
    );
  const event = (kind: string, at: string, organizationId: string | null = org) =>
    em.execute(`insert into kb_event (id, kind, user_id, organization_id, at) values (?, ?, null, ?, ?)`, [
      randomUUID(),
      kind,
      organizationId,
      at,
    ]);
  const get = async (url: string) => {
    const res = await system.injectAs('admin', { method: 'GET', url });
    expect(res.statusCode).toBe(200);
    return res.result as { items: Array<Record<string, unknown>>; missing: Array<{ kpi: string }> };
  };
  const range = 'from=2031-01-01T00:00:00Z&to=2031-03-01T00:00:00Z';

  beforeAll(async () => {
    system = await TestSystem.start();
    em = system.adminEm();
    const customers = new CustomerService(em);
    org = (await customers.createOrganization(systemActor('kpi test'), { name: `KPI customer ${tag}` })).id;
    otherOrg = (await customers.createOrganization(systemActor('kpi test'), { name: `KPI other ${tag}` })).id;
    await offerService(system, service);
    const weekly = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '09:00', end: '17:00' }]]));
    const cal = await system.injectAs('marta', {
      method: 'POST',
      url: '/business-calendars',
      payload: { name: `KPI2 ${tag}`, definition: { timeZone: 'UTC', weekly } },
    });
    expect(cal.statusCode).toBe(201);
    const created = await system.injectAs('marta', {
      method: 'POST',
      url: '/sla-policies',
      payload: { name: policy, service, calendarId: (cal.result as { id: string }).id, responseTarget: 'PT1H', resolutionTarget: 'PT8H' },
    });
    expect(created.statusCode).toBe(201);

    // P1: Mon 6th 09:00; awaits the caller Mon 11:00 → Tue 10:00 (23 h wall, Mon 6 h + Tue 1 h = 7 h
    // business); resolved Wed 10:00: 49 h wall, Mon 8 + Tue 8 + Wed 1 = 17 h business.
    // Without the pause: 26 h wall, 10 h business. Survey: CSAT 5, NPS 10, CES 2.
    const p1 = await ticket(1, { sla_policy: policy, created_at: '2031-01-06T09:00:00Z' });
    await move(p1, '2031-01-06T11:00:00Z', { state: 'awaiting_caller' });
    await move(p1, '2031-01-07T10:00:00Z', { state: 'in_progress' });
    await move(p1, '2031-01-08T10:00:00Z', { state: 'resolved', resolved_at: '2031-01-08T10:00:00Z' });
    await answer(p1, 5, 10, 2);
    // P2: Fri 10th 16:00; awaits Fri 16:30 → Mon 13th 09:30 (65 h wall, 0.5 + 0.5 = 1 h business);
    // resolved Mon 10:00 straight from a second wait Mon 09:45 → 10:00 (15 min, both clocks):
    // 66 h wall, Fri 1 h + Mon 1 h = 2 h business. Without the pauses: 45 min on both clocks.
    // Survey: CSAT 3, NPS 6, CES 5.
    const p2 = await ticket(2, { sla_policy: policy, created_at: '2031-01-10T16:00:00Z' });
    await move(p2, '2031-01-10T16:30:00Z', { state: 'awaiting_caller' });
    await move(p2, '2031-01-13T09:30:00Z', { state: 'in_progress' });
    await move(p2, '2031-01-13T09:45:00Z', { state: 'awaiting_caller' });
    await move(p2, '2031-01-13T10:00:00Z', { state: 'resolved', resolved_at: '2031-01-13T10:00:00Z' });
    await answer(p2, 3, 6, 5);
    // P3: no SLA policy, 1 h, never paused; survey CSAT 4, NPS 8, no CES.
    const p3 = await ticket(3, { created_at: '2031-01-15T09:00:00Z' });
    await move(p3, '2031-01-15T10:00:00Z', { state: 'resolved', resolved_at: '2031-01-15T10:00:00Z' });
    await answer(p3, 4, 8, null);
    // P4: no SLA policy, 2 h; survey CSAT 5, NPS 9, CES 1.
    const p4 = await ticket(4, { created_at: '2031-01-16T09:00:00Z' });
    await move(p4, '2031-01-16T11:00:00Z', { state: 'resolved', resolved_at: '2031-01-16T11:00:00Z' });
    await answer(p4, 5, 9, 1);
    // P5: still waiting for its caller: no MTTR either way.
    const p5 = await ticket(5, { sla_policy: policy, created_at: '2031-01-20T09:00:00Z' });
    await move(p5, '2031-01-20T10:00:00Z', { state: 'awaiting_caller' });

    // Self-service in January: 6 searches, 4 views (one at 23:30 UTC on the 31st: February 1st in
    // Vilnius), 1 "solved". February: 2 searches, 1 "solved", no ticket. The desk's own search and
    // another customer's are not this customer's self-service.
    for (const day of ['02', '03', '05', '09', '14', '21']) await event('search', `2031-01-${day}T12:00:00Z`);
    for (const at of ['2031-01-02T12:05:00Z', '2031-01-09T12:05:00Z', '2031-01-21T12:05:00Z', '2031-01-31T23:30:00Z'])
      await event('view', at);
    await event('deflection', '2031-01-21T12:10:00Z');
    await event('search', '2031-02-03T12:00:00Z');
    await event('search', '2031-02-04T12:00:00Z');
    await event('deflection', '2031-02-04T12:05:00Z');
    await event('search', '2031-01-05T12:00:00Z', null);
    await event('search', '2031-01-05T12:00:00Z', otherOrg);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('computes NPS, CES and MTTR without the time awaiting the caller', async () => {
    const { items, missing } = await get(`/kpis?${range}&by=group&service=${service}`);
    expect(missing.map((m) => m.kpi)).toEqual(['deflection']);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      period: '2031-01-01',
      key: group,
      created: 5,
      resolved: 4,
      // Business time: P1 17 h and P2 2 h (P3, P4 have no calendar); less pauses: 10 h and 0.75 h.
      resolutionBusinessAvgS: ((17 + 2) * 3600) / 2,
      resolutionActiveBusinessAvgS: ((10 + 0.75) * 3600) / 2,
      // Wall clock: 49 h, 66 h, 1 h, 2 h; less pauses: 26 h, 0.75 h, 1 h, 2 h.
      resolutionAvgS: ((49 + 66 + 1 + 2) * 3600) / 4,
      resolutionActiveAvgS: ((26 + 0.75 + 1 + 2) * 3600) / 4,
      // Surveys stamp their ticket's CSAT: 5, 3, 4, 5.
      csatAnswers: 4,
      csatAverage: 4.25,
      csatSatisfied: 0.75,
      // NPS 10, 6, 8, 9: promoters 2 of 4 (50 %), detractors 1 of 4 (25 %): 25 points.
      npsAnswers: 4,
      nps: 25,
      // CES 2, 5, 1.
      cesAnswers: 3,
      cesAverage: 8 / 3,
      kbSearches: null,
      deflectionRate: null,
    });
  });

  it('sets self-service beside the tickets created, by customer and period, in a time zone', async () => {
    const { items, missing } = await get(`/kpis?${range}&by=customer&customer=${org}`);
    expect(missing).toEqual([]);
    expect(
      items.map((r) => [r.period, r.key, r.created, r.kbSearches, r.kbViews, r.kbDeflections, r.deflectionRate, r.selfServicePerTicket]),
    ).toEqual([
      // 1 deflection against 5 tickets: 1 / 6 of would-be tickets; (6 + 4) / 5 searches and views per ticket.
      ['2031-01-01', org, 5, 6, 4, 1, 1 / 6, 2],
      // No ticket in February: every would-be ticket was deflected.
      ['2031-02-01', org, 0, 2, 0, 1, 1, null],
    ]);
    const vilnius = await get(`/kpis?${range}&by=none&customer=${org}&timeZone=Europe/Vilnius`);
    expect(vilnius.items.map((r) => [r.period, r.key, r.created, r.kbViews])).toEqual([
      ['2031-01-01', '', 5, 3],
      ['2031-02-01', '', 0, 1],
    ]);
    const csv = await system.injectAs('admin', { method: 'GET', url: `/kpis.csv?${range}&by=customer&customer=${org}` });
    const [header, january] = csv.payload.trim().split('\r\n');
    const columns = header!.split(',');
    const cells = january!.split(',');
    expect(['nps', 'cesAverage', 'kbSearches', 'kbDeflections'].map((c) => cells[columns.indexOf(c)])).toEqual([
      '25',
      String(8 / 3),
      '6',
      '1',
    ]);
  });

  it("reads another customer's self-service apart, and a customer manager their own only", async () => {
    const other = await get(`/kpis?${range}&by=customer&customer=${otherOrg}`);
    expect(other.items.map((r) => [r.period, r.created, r.kbSearches])).toEqual([['2031-01-01', 0, 1]]);
    const manager = `kpi2-manager-${tag}`;
    const created = await system.injectAs('admin', {
      method: 'POST',
      url: '/users',
      payload: {
        username: manager,
        displayName: 'Other manager',
        password: 'manager-pass-1',
        roles: ['customer-manager'],
        organizationId: otherOrg,
      },
    });
    expect(created.statusCode).toBe(201);
    await system.tokenFor(manager, 'manager-pass-1');
    const own = await system.injectAs(manager, { method: 'GET', url: `/kpis?${range}&by=customer` });
    expect((own.result as { items: Array<Record<string, unknown>> }).items.map((r) => [r.key, r.kbSearches])).toEqual([[otherOrg, 1]]);
    const peek = await system.injectAs(manager, { method: 'GET', url: `/kpis?${range}&by=customer&customer=${org}` });
    expect((peek.result as { items: unknown[] }).items).toEqual([]);
  });
});
