import { randomUUID } from 'node:crypto';
import type { ServerInjectResponse } from '@hapi/hapi';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

const START = '2027-02-08T08:00:00.000Z';

/**
 * Issue 23: what a work type gives its new work orders — the window's length and the required skills — and
 * the technician profile edits and absence removal the admin screen needs.
 */
describe('field service: work-type defaults and technician edits', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const workType = `boiler-${tag}`;
  const as = (method: string, url: string, payload?: object, user = 'admin') =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const body = (res: ServerInjectResponse, status: number): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload}`);
    return res.result as Body;
  };
  let siteId = '';
  let incident = '';
  const openWorkOrder = (type: string, extra: Body = {}) =>
    as('POST', '/work-orders', {
      title: `Service the boiler ${tag}`,
      parentTicket: incident,
      siteId,
      workType: type,
      priority: 'P3',
      window: { startsAt: START },
      ...extra,
    });

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}`, work_order: `none_${tag}` } });
    const customer = body(await as('POST', '/organizations', { name: `Defaults customer ${tag}` }), 201).id;
    siteId = body(await as('POST', '/sites', { organizationId: customer, name: `Boiler room ${tag}` }), 201).id;
    incident = body(
      await as('POST', '/tickets', { type: 'incident', title: `No heating ${tag}`, description: 'x', organizationId: customer }),
      201,
    ).number;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('stores a work type’s duration and skills, and refuses bad ones naming the field', async () => {
    const bad = await as('PUT', `/work-types/${workType}`, { autoDispatch: false, defaultDurationMinutes: 2 }, 'marta');
    expect(bad.statusCode).toBe(400);
    expect((bad.result as Body).details[0].field).toBe('payload.defaultDurationMinutes');
    const badSkill = await as(
      'PUT',
      `/work-types/${workType}`,
      { autoDispatch: false, requiredSkills: [{ skill: 'Gas', level: 9 }] },
      'marta',
    );
    expect(badSkill.statusCode).toBe(400);
    expect((badSkill.result as Body).details[0].field).toMatch(/^payload\.requiredSkills\.0\./);

    const skills = [{ skill: 'gas-safety', level: 3 }];
    const saved = body(
      await as('PUT', `/work-types/${workType}`, { autoDispatch: false, defaultDurationMinutes: 90, requiredSkills: skills }, 'marta'),
      200,
    );
    expect(saved).toMatchObject({ workType, autoDispatch: false, defaultDurationMinutes: 90, requiredSkills: skills });
    // The auto-dispatch switch alone keeps the defaults.
    body(await as('PUT', `/work-types/${workType}`, { autoDispatch: true }, 'marta'), 200);
    const listed = (body(await as('GET', '/work-types'), 200).items as Body[]).find((t) => t.workType === workType);
    expect(listed).toMatchObject({ autoDispatch: true, defaultDurationMinutes: 90, requiredSkills: skills });
    body(await as('PUT', `/work-types/${workType}`, { autoDispatch: false }, 'marta'), 200);
  });

  it('gives a new work order the type’s window length and skills when it leaves them out', async () => {
    const defaulted = body(await openWorkOrder(workType), 201);
    expect(defaulted.window).toEqual({ startsAt: START, endsAt: '2027-02-08T09:30:00.000Z' });
    expect(defaulted.requiredSkills).toEqual([{ skill: 'gas-safety', level: 3 }]);
    // What the dispatcher gives wins, even no skills at all.
    const own = body(
      await openWorkOrder(workType, { window: { startsAt: START, endsAt: '2027-02-08T12:00:00.000Z' }, requiredSkills: [] }),
      201,
    );
    expect(own.window.endsAt).toBe('2027-02-08T12:00:00.000Z');
    expect(own.requiredSkills).toEqual([]);
    // A type without a duration cannot guess the end.
    const unknown = await openWorkOrder(`nothing-${tag}`);
    expect(unknown.statusCode).toBe(422);
    expect((unknown.result as Body).details[0].field).toBe('payload.window.endsAt');
  });

  it('changes a technician’s profile by version and takes back an absence', async () => {
    const user = body(
      await as('POST', '/users', { username: `edit-${tag}`, displayName: `Edit ${tag}`, roles: ['technician'], servedOrganizationIds: [] }),
      201,
    );
    const created = body(
      await as('POST', '/technicians', {
        userId: user.id,
        skills: { hvac: 2 },
        workingHours: {},
        homeBase: { latitude: 54.7, longitude: 25.3 },
      }),
      201,
    );
    const badLevel = await as('PATCH', `/technicians/${created.id}`, { skills: { hvac: 6 }, version: 1 });
    expect(badLevel.statusCode).toBe(400);
    expect((badLevel.result as Body).details[0].field).toBe('payload.skills.hvac');
    const changed = body(
      await as('PATCH', `/technicians/${created.id}`, { skills: { hvac: 4, 'gas-safety': 3 }, territories: ['kaunas'], version: 1 }),
      200,
    );
    expect(changed).toMatchObject({
      skills: { hvac: 4, 'gas-safety': 3 },
      territories: ['kaunas'],
      version: 2,
      homeBase: created.homeBase,
    });
    expect((await as('PATCH', `/technicians/${created.id}`, { territories: [], version: 1 })).statusCode).toBe(409);

    const absence = body(
      await as(
        'POST',
        `/technicians/${created.id}/absences`,
        { startsAt: '2027-03-01T00:00:00Z', endsAt: '2027-03-03T00:00:00Z' },
        'tomas',
      ),
      201,
    );
    expect((await as('DELETE', `/technicians/${created.id}/absences/${absence.id}`, undefined, 'tomas')).statusCode).toBe(204);
    expect(body(await as('GET', `/technicians/${created.id}`), 200).absences).toEqual([]);
    expect((await as('DELETE', `/technicians/${created.id}/absences/${absence.id}`, undefined, 'tomas')).statusCode).toBe(404);
  });
});
