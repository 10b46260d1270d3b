import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerInjectResponse } from '@hapi/hapi';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

/**
 * Issue 19, the offline phone: a technician's queued actions sync as one batch under the ids the
 * phone gave them, applied in the order done (not the order sent), once; an action on a work order
 * reassigned meanwhile is a conflict while the rest is applied; the same batch again changes nothing.
 */
describe('work-order offline sync: ordered, idempotent, conflicts reported', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const password = 'sync-pass-1';
  const techs = { anna: '', ben: '' };
  let siteId = '';
  let incident = '';

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const ok = (res: ServerInjectResponse, status = 201): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload}`);
    return res.result as Body;
  };
  const workOrder = async (number: string) => ok(await as('tomas', 'GET', `/work-orders/${number}`), 200);
  const reaches = (number: string, status: string) =>
    eventually(async () => {
      const w = await workOrder(number);
      if (w.status !== status) throw new Error(`${number} is ${w.status}, not ${status}`);
      return w;
    }, 60_000);
  const act = (user: string, number: string, payload: object) =>
    eventually(async () => {
      const res = await as(user, 'POST', `/work-orders/${number}/actions`, payload);
      if (res.statusCode === 409) throw new Error(res.payload);
      return ok(res, 200);
    }, 60_000);
  const open = async (title: string) =>
    ok(
      await as('tomas', 'POST', '/work-orders', {
        title,
        parentTicket: incident,
        siteId,
        workType: `sync-${tag}`,
        priority: 'P3',
        window: { startsAt: '2027-02-01T08:00:00.000Z', endsAt: '2027-02-01T12:00:00.000Z' },
      }),
    ).number as string;

  beforeAll(async () => {
    const workOrderProcess = `work_order_sync_${tag}`;
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}`, work_order: workOrderProcess } });
    const xml = readFileSync(repoFile('workflows/processes/work-order.bpmn'), 'utf8').replace(/"work-order"/g, `"${workOrderProcess}"`);
    ok(await as('marta', 'POST', '/process-definitions', { xml }));
    ok(await as('marta', 'POST', '/parts', { sku: `LC-5KG-${tag}`, name: '5 kg load cell', unit: 'pcs' }));
    const baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    siteId = ok(await as('admin', 'POST', '/sites', { organizationId: baltic, name: `Panevėžys store ${tag}` })).id;
    incident = ok(
      await as('tomas', 'POST', '/tickets', { type: 'incident', title: `Scales wrong ${tag}`, description: 'x', organizationId: baltic }),
    ).number;
    for (const name of ['anna', 'ben'] as const) {
      const username = `${name}-${tag}`;
      const user = ok(
        await as('admin', 'POST', '/users', {
          username,
          displayName: name,
          roles: ['technician'],
          password,
          servedOrganizationIds: [baltic],
        }),
      );
      await system.tokenFor(username, password);
      techs[name] = ok(
        await as('admin', 'POST', '/technicians', {
          userId: user.id,
          skills: { scales: 3 },
          workingHours: {},
          homeBase: { latitude: 55.73, longitude: 24.35 },
        }),
      ).id;
    }
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('applies a queued batch once and in the order done, reports the reassigned job as a conflict, and a replay changes nothing', async () => {
    const mine = await open('Calibrate the scales');
    const taken = await open('Replace the scale display');
    for (const number of [mine, taken]) {
      await act('tomas', number, { action: 'schedule', technicianId: techs.anna });
      await reaches(number, 'dispatched');
    }
    // While Anna's phone is offline she is taken off the second job (she turned it down on the desk's
    // phone), and Ben gets it.
    await act(`anna-${tag}`, taken, { action: 'reject', reason: 'van in the garage' });
    await eventually(async () => {
      if ((await workOrder(taken)).technicianId !== null) throw new Error('not back at dispatch yet');
    }, 60_000);
    await act('tomas', taken, { action: 'schedule', technicianId: techs.ben });

    // What the phone queued, sent out of order: the timestamps say accept → travel → check-in → tick.
    const t = (minutes: number) => new Date(Date.UTC(2027, 1, 1, 8, minutes)).toISOString();
    const ids = { accept: randomUUID(), travel: randomUUID(), checkIn: randomUUID(), parts: randomUUID(), takenAccept: randomUUID() };
    const batch = {
      actions: [
        { id: ids.checkIn, at: t(40), workOrder: mine, action: 'check-in', latitude: 55.7348, longitude: 24.3575 },
        { id: ids.accept, at: t(0), workOrder: mine, action: 'accept' },
        { id: ids.takenAccept, at: t(1), workOrder: taken, action: 'accept' },
        {
          id: ids.parts,
          at: t(50),
          workOrder: mine,
          action: 'parts',
          parts: [{ partNumber: `LC-5KG-${tag}`, description: 'Load cell', quantity: 2 }],
        },
        { id: ids.travel, at: t(5), workOrder: mine, action: 'start-travel' },
      ],
    };
    const first = ok(await as(`anna-${tag}`, 'POST', '/work-orders/sync', batch), 200).results as Body[];
    expect(first.map((r) => [r.id, r.outcome, r.duplicate])).toEqual([
      [ids.checkIn, 'applied', false],
      [ids.accept, 'applied', false],
      [ids.takenAccept, 'conflict', false],
      [ids.parts, 'applied', false],
      [ids.travel, 'applied', false],
    ]);
    expect(first[2]!.code).toBe('NOT_ASSIGNED_TO_YOU');
    const onSite = await reaches(mine, 'on_site');
    // The check-in keeps the time it happened on the phone, not the time it reached the server.
    expect(onSite.checkIn).toEqual({ at: t(40), latitude: 55.7348, longitude: 24.3575 });
    expect(onSite.parts).toEqual([
      expect.objectContaining({ partNumber: `LC-5KG-${tag}`, description: 'Load cell', quantity: 2, name: '5 kg load cell', unit: 'pcs' }),
    ]);
    expect((await workOrder(taken)).technicianId).toBe(techs.ben);

    // The phone did not hear back and sends it all again — twice.
    for (const _ of [1, 2]) {
      const again = ok(await as(`anna-${tag}`, 'POST', '/work-orders/sync', batch), 200).results as Body[];
      expect(again.map((r) => [r.id, r.outcome, r.duplicate])).toEqual(first.map((r) => [r.id, r.outcome, true]));
    }
    const em = system.adminEm();
    const applied = (await em.execute(
      `select action, count(*)::int as n from audit_log where entity = 'WorkOrder' and entity_id = (select id::text from work_order where ticket_number = ?) and action like 'work-order.%' and actor_id is not null group by action order by action`,
      [mine],
    )) as Body[];
    expect(applied).toEqual([
      { action: 'work-order.accept', n: 1 },
      { action: 'work-order.check-in', n: 1 },
      { action: 'work-order.parts', n: 1 },
      // The dispatcher's, before the phone went offline.
      { action: 'work-order.schedule', n: 1 },
      { action: 'work-order.start-travel', n: 1 },
    ]);
    const rows = (await em.execute('select count(*)::int as n from sync_action where id in (?)', [Object.values(ids)])) as Body[];
    expect(rows[0]!.n).toBe(5);
    // An id is the phone's: another technician sending it gets a conflict and sees nothing of Anna's.
    const stolen = ok(await as(`ben-${tag}`, 'POST', '/work-orders/sync', { actions: [{ ...batch.actions[1], workOrder: taken }] }), 200)
      .results as Body[];
    expect(stolen[0]).toMatchObject({ outcome: 'conflict', code: 'ACTION_ID_TAKEN', workOrder: taken });
    // Dispatchers schedule; a phone may not queue that.
    const scheduling = await as(`anna-${tag}`, 'POST', '/work-orders/sync', {
      actions: [{ id: randomUUID(), at: t(0), workOrder: mine, action: 'schedule', technicianId: techs.anna }],
    });
    expect(scheduling.statusCode).toBe(400);
  }, 300_000);
});
