import { randomUUID } from 'node:crypto';
import type { ServerInjectResponse } from '@hapi/hapi';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

const KAUNAS = { latitude: 54.8972, longitude: 23.8861 };
const VILNIUS = { latitude: 54.6872, longitude: 25.2797 };
const MONDAY = { startsAt: '2027-01-11T08:00:00.000Z', endsAt: '2027-01-11T12:00:00.000Z' };
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '07:00', end: '17:00' }]]));

/**
 * Issue 19, dispatch: technicians ranked for a work order by skill match, availability in the window
 * (absence, working hours, another job), territory and great-circle distance, leaving out those who
 * turned it down or do not serve the customer; and the dispatch board of technicians × days.
 */
describe('field service dispatch: suggestions and the board', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const as = (method: string, url: string, payload?: object) => system.injectAs('admin', { method, url, ...(payload ? { payload } : {}) });
  const created = (res: ServerInjectResponse): Body => {
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.payload}`);
    return res.result as Body;
  };
  const techs: Record<string, string> = {};
  let customer = '';
  let other = '';
  let siteId = '';
  let incident = '';

  const technician = async (name: string, serves: string, profile: Body) => {
    const user = created(
      await as('POST', '/users', { username: `${name}-${tag}`, displayName: name, roles: ['technician'], servedOrganizationIds: [serves] }),
    );
    techs[name] = created(
      await as('POST', '/technicians', { userId: user.id, territories: ['kaunas'], workingHours: WEEKDAYS, homeBase: KAUNAS, ...profile }),
    ).id;
  };
  const openWorkOrder = async (title: string, window = MONDAY) =>
    created(
      await as('POST', '/work-orders', {
        title,
        parentTicket: incident,
        siteId,
        workType: 'repair',
        requiredSkills: [
          { skill: 'payment-terminals', level: 3 },
          { skill: 'networking', level: 1 },
        ],
        priority: 'P2',
        window,
      }),
    );

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}`, work_order: `none_${tag}` } });
    // A customer of its own: no other test's technicians serve it, so the ranking is this test's alone.
    customer = created(await as('POST', '/organizations', { name: `Dispatch customer ${tag}` })).id;
    other = created(await as('POST', '/organizations', { name: `Dispatch other ${tag}` })).id;
    siteId = created(await as('POST', '/sites', { organizationId: customer, name: `Kaunas mall ${tag}` })).id;
    expect((await as('PUT', `/sites/${siteId}/location`, { ...KAUNAS, territory: 'kaunas' })).statusCode).toBe(200);
    incident = created(
      await as('POST', '/tickets', { type: 'incident', title: `Tills down ${tag}`, description: 'x', organizationId: customer }),
    ).number;
    const skilled = { 'payment-terminals': 4, networking: 2 };
    await technician('near', customer, { skills: skilled, homeBase: { latitude: 54.9, longitude: 23.9 } });
    await technician('far', customer, { skills: skilled, homeBase: VILNIUS });
    await technician('outside', customer, { skills: skilled, territories: ['vilnius'] });
    await technician('absent', customer, { skills: skilled });
    await technician('busy', customer, { skills: skilled });
    await technician('weekend', customer, { skills: skilled, workingHours: { 6: [{ start: '08:00', end: '16:00' }] } });
    await technician('novice', customer, { skills: { 'payment-terminals': 1, networking: 2 } });
    await technician('rejecter', customer, { skills: skilled });
    await technician('stranger', other, { skills: skilled });
    created(
      await as('POST', `/technicians/${techs.absent}/absences`, {
        startsAt: '2027-01-11T00:00:00Z',
        endsAt: '2027-01-12T00:00:00Z',
        reason: 'leave',
      }),
    );
    const otherJob = await openWorkOrder('Overlapping job', { startsAt: '2027-01-11T10:00:00.000Z', endsAt: '2027-01-11T14:00:00.000Z' });
    // Assignment through the process is the work-order process's (its own test); here the rows are set directly.
    await system
      .adminEm()
      .execute(`update work_order set technician_id = ?, status = 'scheduled' where ticket_number = ?`, [techs.busy, otherJob.number]);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('ranks qualified and available first, then territory, then distance; leaves out who rejected or does not serve the customer', async () => {
    const job = await openWorkOrder('Replace two card readers');
    await system
      .adminEm()
      .execute(`update work_order set rejections = ?::jsonb where ticket_number = ?`, [
        JSON.stringify([{ technicianId: techs.rejecter, reason: 'van broken', at: new Date().toISOString() }]),
        job.number,
      ]);
    const res = await as('GET', `/work-orders/${job.number}/suggestions?limit=20`);
    expect(res.statusCode).toBe(200);
    const items = (res.result as Body).items as Body[];
    const byId = Object.fromEntries(Object.entries(techs).map(([name, id]) => [id, name]));
    const names = items.map((s) => byId[s.technicianId] ?? `foreign ${s.displayName}`);
    expect(names.slice(0, 3)).toEqual(['near', 'far', 'outside']);
    expect(new Set(names.slice(3, 6))).toEqual(new Set(['absent', 'busy', 'weekend']));
    expect(names.slice(6)).toEqual(['novice']);
    const of = (name: string) => items.find((s) => s.technicianId === techs[name])!;
    expect(of('near')).toMatchObject({ qualified: true, available: true, inTerritory: true, skillsMet: 2, skillsRequired: 2, load: 0 });
    expect(of('near').distanceKm).toBeLessThan(2);
    // Kaunas to Vilnius is about 92 km as the crow flies.
    expect(of('far').distanceKm).toBeGreaterThan(85);
    expect(of('far').distanceKm).toBeLessThan(100);
    expect(of('outside')).toMatchObject({ inTerritory: false, available: true });
    expect(of('absent')).toMatchObject({ present: false, working: true, free: true, available: false });
    expect(of('busy')).toMatchObject({ present: true, working: true, free: false, available: false, load: 1 });
    expect(of('weekend')).toMatchObject({ working: false, available: false });
    expect(of('novice')).toMatchObject({ qualified: false, skillsMet: 1 });
  });

  it('shows the board: technicians × days with their absences and jobs, and the jobs nobody has', async () => {
    const waiting = await openWorkOrder('Not planned yet', { startsAt: '2027-01-12T08:00:00.000Z', endsAt: '2027-01-12T10:00:00.000Z' });
    const res = await as('GET', '/dispatch/board?from=2027-01-11&days=2&territory=kaunas');
    expect(res.statusCode).toBe(200);
    const board = res.result as Body;
    expect(board.days).toEqual(['2027-01-11', '2027-01-12']);
    const row = (name: string) => board.technicians.find((t: Body) => t.id === techs[name]);
    expect(row('outside')).toBeUndefined();
    expect(row('busy').jobs).toEqual([expect.objectContaining({ status: 'scheduled', day: '2027-01-11' })]);
    expect(row('absent').absences).toEqual([expect.objectContaining({ reason: 'leave' })]);
    expect(row('near').jobs).toEqual([]);
    expect(board.unassigned.map((w: Body) => w.number)).toContain(waiting.number);
    const bad = await as('GET', '/dispatch/board?from=11.01.2027');
    expect(bad.statusCode).toBe(400);
    expect((bad.result as Body).details[0].field).toBe('query.from');
    // Technicians plan their own day on the phone, not the board.
    expect((await system.injectAs('ieva', { method: 'GET', url: '/dispatch/board?from=2027-01-11' })).statusCode).toBe(403);
  });
});
