// Over 300 lines because the planning story shares one customer, its contract and its technicians from step to step.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerInjectResponse } from '@hapi/hapi';
import { ConfigurationItem } from '../../service-catalog/cmdb/domain/configuration-item.entity';
import { WorkOrder } from '../../service-catalog/field-service/domain/work-order.entity';
import { nextDueOn } from '../../service-catalog/field-service/domain/maintenance-plan';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { recordHistoryIfAsked } from '../support/record-history';
import type { Body } from '../support/json-body';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const ALWAYS_OPEN = {
  timeZone: 'UTC',
  weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};
const ALL_DAY = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ start: '00:00', end: '23:59' }]]));

/**
 * Issues 19 and 18, the planning side of field service against real servers: POST /tickets refuses
 * work orders; the parts catalogue; a customer's contract SLA setting the late-dispatch and
 * late-arrival timers on its business calendar; a work type that auto-dispatches to the top
 * suggestion; a dispatcher reassigning a job while the old technician's phone is offline (its batch
 * then conflicts); and an asset's maintenance schedule opening exactly one planned work order per
 * due date from the timer-start process.
 */
describe('field service planning: contract SLAs, auto-dispatch, reassignment, parts, planned maintenance', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const password = 'field-planning-pass-1';
  const dispatcher = `fp-dispatcher-${tag}`;
  const workType = `fp-repair-${tag}`;
  let org = '';
  let siteId = '';
  const techs: Record<'near' | 'far', { id: string; username: string }> = { near: { id: '', username: '' }, far: { id: '', username: '' } };

  const as = (user: string, method: string, url: string, payload?: unknown) =>
    system.injectAs(user, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const ok = (res: ServerInjectResponse, status = 201): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload}`);
    return res.result as Body;
  };
  const workOrder = async (number: string) => ok(await as(dispatcher, 'GET', `/work-orders/${number}`), 200);
  const until = (number: string, check: (w: Body) => boolean, what: string) =>
    eventually(async () => {
      const w = await workOrder(number);
      if (!check(w)) throw new Error(`${number} is not ${what}: ${w.status} ${w.technicianId}`);
      return w;
    }, 60_000);
  const act = (user: string, number: string, payload: object) =>
    eventually(async () => {
      const res = await as(user, 'POST', `/work-orders/${number}/actions`, payload);
      if (res.statusCode === 409) throw new Error(res.payload);
      return ok(res, 200);
    }, 60_000);
  const tomorrow = (hour: number) => {
    const d = new Date(Date.now() + 24 * 3600_000);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  const open = async (extra: Body = {}) =>
    ok(
      await as(dispatcher, 'POST', '/work-orders', {
        title: `Card terminal down ${tag}`,
        organizationId: org,
        siteId,
        workType,
        requiredSkills: [{ skill: 'payment-terminals', level: 2 }],
        priority: 'P2',
        window: { startsAt: tomorrow(9), endsAt: tomorrow(11) },
        ...extra,
      }),
    );

  beforeAll(async () => {
    const workOrderProcess = `work_order_plan_${tag}`;
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}`, work_order: workOrderProcess } });
    const xml = readFileSync(repoFile('workflows/processes/work-order.bpmn'), 'utf8').replace(/"work-order"/g, `"${workOrderProcess}"`);
    ok(await as('marta', 'POST', '/process-definitions', { xml }));
    // A customer of this test's own: its contract applies to no other test's work orders.
    org = ok(await as('admin', 'POST', '/organizations', { name: `Terminal Retail ${tag}` })).id;
    siteId = ok(await as('admin', 'POST', '/sites', { organizationId: org, name: `Kaunas store ${tag}` })).id;
    ok(await as('admin', 'PUT', `/sites/${siteId}/location`, { latitude: 54.8985, longitude: 23.9036, territory: 'kaunas' }), 200);
    for (const [username, roles] of [[dispatcher, ['agent']]] as const) {
      ok(await as('admin', 'POST', '/users', { username, displayName: username, roles, password, servedOrganizationIds: [org] }));
      await system.tokenFor(username, password);
    }
    for (const [which, home] of [
      ['near', { latitude: 54.9, longitude: 23.9 }],
      ['far', { latitude: 55.7, longitude: 21.1 }],
    ] as const) {
      const username = `fp-${which}-${tag}`;
      const user = ok(
        await as('admin', 'POST', '/users', {
          username,
          displayName: `${which} technician`,
          roles: ['technician'],
          password,
          servedOrganizationIds: [org],
        }),
      );
      await system.tokenFor(username, password);
      techs[which] = {
        username,
        id: ok(
          await as('admin', 'POST', '/technicians', {
            userId: user.id,
            skills: { 'payment-terminals': 3 },
            territories: ['kaunas'],
            workingHours: ALL_DAY,
            homeBase: home,
          }),
        ).id,
      };
    }
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('refuses a work_order through POST /tickets, naming the field', async () => {
    const res = await as(dispatcher, 'POST', '/tickets', { type: 'work_order', title: `Sneaky work order ${tag}`, organizationId: org });
    expect(res.statusCode).toBe(422);
    expect(res.result).toMatchObject({ code: 'WORK_ORDER_VIA_WORK_ORDERS', details: [{ field: 'payload.type' }] });
  });

  it('keeps a parts catalogue: the provider’s and the customer’s own, SKUs unique in each, validated on the job', async () => {
    const provider = ok(
      await as('marta', 'POST', '/parts', { sku: `CR-${tag}`, name: 'Card reader', unit: 'pcs', unitPrice: 129, currency: 'EUR' }),
    );
    expect(provider).toMatchObject({ organizationId: null, unitPrice: '129.00', currency: 'EUR', version: 1 });
    expect((await as('marta', 'POST', '/parts', { sku: `CR-${tag}`, name: 'Again', unit: 'pcs' })).statusCode).toBe(409);
    const own = ok(await as('admin', 'POST', '/parts', { organizationId: org, sku: `CABLE-${tag}`, name: 'Shielded cable', unit: 'm' }));
    expect(own.organizationId).toBe(org);
    const priced = await as('marta', 'POST', '/parts', { sku: `X-${tag}`, name: 'No currency', unitPrice: 3 });
    expect(priced.statusCode).toBe(400);
    const found = ok(await as(techs.near.username, 'GET', `/parts?q=${encodeURIComponent(`cr-${tag}`)}`), 200);
    expect(found.items.map((p: Body) => p.sku)).toEqual([`CR-${tag}`]);
    const changed = ok(
      await as('marta', 'PUT', `/parts/${provider.id}`, {
        sku: `CR-${tag}`,
        name: 'Card reader VX',
        unit: 'pcs',
        unitPrice: 119.5,
        currency: 'EUR',
        version: 1,
      }),
      200,
    );
    expect(changed).toMatchObject({ name: 'Card reader VX', unitPrice: '119.50', version: 2 });
    expect((await as('marta', 'PUT', `/parts/${provider.id}`, { sku: `CR-${tag}`, name: 'Stale', version: 1 })).statusCode).toBe(409);
  });

  it('takes the SLA deadlines from the customer’s contract and its calendar, and they drive the escalation timers', async () => {
    const calendarId = ok(await as('marta', 'POST', '/business-calendars', { name: `Always ${tag}`, definition: ALWAYS_OPEN })).id;
    const contract = ok(
      await as('admin', 'POST', '/contracts', {
        organizationId: org,
        name: `Terminals 4h on site ${tag}`,
        validFrom: '2026-01-01',
        calendarId,
        responseTarget: 'PT2S',
        onSiteTarget: 'PT4H',
      }),
    );
    expect(contract).toMatchObject({ calendarId, responseTarget: 'PT2S', onSiteTarget: 'PT4H' });
    const badTarget = await as('admin', 'POST', '/contracts', {
      organizationId: org,
      name: 'x',
      validFrom: '2026-01-01',
      calendarId,
      onSiteTarget: 'P1D',
    });
    expect(badTarget.statusCode).toBe(400);

    const before = Date.now();
    const opened = await open();
    expect(opened.sla.contractId).toBe(contract.id);
    const dispatchDue = Date.parse(opened.dispatchDueAt);
    expect(dispatchDue).toBeGreaterThanOrEqual(before + 2_000);
    expect(dispatchDue).toBeLessThan(Date.now() + 2_000 + 1_000);
    expect(Date.parse(opened.sla.onSiteDueAt) - dispatchDue).toBeGreaterThan(4 * 3600_000 - 3_000);
    // The on-site deadline, not the window's end, is when arriving is late.
    expect(opened.sla.arrivalDueAt).toBe(opened.sla.onSiteDueAt);
    // The response deadline passes with nobody dispatched: the process escalates it.
    const late = await until(opened.number, (w) => !!w.escalations.lateDispatchAt, 'escalated');
    expect(Date.parse(late.escalations.lateDispatchAt)).toBeGreaterThanOrEqual(dispatchDue);

    const other = ok(await as('admin', 'POST', '/organizations', { name: `Other customer ${tag}` })).id;
    const foreign = ok(
      await as('admin', 'POST', '/contracts', {
        organizationId: other,
        name: `Foreign ${tag}`,
        validFrom: '2026-01-01',
        calendarId,
        onSiteTarget: 'PT1H',
      }),
    );
    const refused = await as(dispatcher, 'POST', '/work-orders', {
      title: `Foreign contract ${tag}`,
      organizationId: org,
      siteId,
      workType,
      priority: 'P3',
      window: { startsAt: tomorrow(9), endsAt: tomorrow(11) },
      contractId: foreign.id,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.result).toMatchObject({ details: [{ field: 'payload.contractId' }] });
  });

  it('auto-dispatches a work type to the top suggestion, and a reassignment turns the old technician’s offline batch into conflicts', async () => {
    ok(await as('marta', 'PUT', `/work-types/${workType}`, { autoDispatch: true }), 200);
    expect(ok(await as(dispatcher, 'GET', '/work-types'), 200).items).toContainEqual(
      expect.objectContaining({ workType, autoDispatch: true }),
    );
    const { number } = await open({ window: { startsAt: tomorrow(13), endsAt: tomorrow(15) } });
    // Nobody scheduled it: the nearest qualified, available technician got it and the process dispatched it.
    const dispatched = await until(number, (w) => w.status === 'dispatched' && w.technicianId === techs.near.id, 'auto-dispatched');
    expect(dispatched.escalations.lateDispatchAt).toBeNull();
    await act(techs.near.username, number, { action: 'accept' });
    await until(number, (w) => w.status === 'accepted', 'accepted');

    // The near technician goes offline and queues the next steps; meanwhile the dispatcher moves the job.
    const reassign = await as(techs.near.username, 'POST', `/work-orders/${number}/actions`, {
      action: 'reassign',
      technicianId: techs.far.id,
    });
    expect(reassign.statusCode).toBe(403);
    const same = await as(dispatcher, 'POST', `/work-orders/${number}/actions`, { action: 'reassign', technicianId: techs.near.id });
    expect(same.statusCode).toBe(422);
    expect(same.result).toMatchObject({ details: [{ field: 'payload.technicianId' }] });
    await act(dispatcher, number, { action: 'reassign', technicianId: techs.far.id });
    // The new technician accepts afresh: the job is dispatched to them, its old acceptance withdrawn.
    await until(number, (w) => w.status === 'dispatched' && w.technicianId === techs.far.id, 'reassigned');
    const queued = [
      { id: randomUUID(), at: new Date().toISOString(), workOrder: number, action: 'start-travel' },
      {
        id: randomUUID(),
        at: new Date(Date.now() + 1000).toISOString(),
        workOrder: number,
        action: 'check-in',
        latitude: 54.9,
        longitude: 23.9,
      },
    ];
    const synced = ok(await as(techs.near.username, 'POST', '/work-orders/sync', { actions: queued }), 200);
    expect(synced.results.map((r: Body) => [r.outcome, r.code])).toEqual([
      ['conflict', 'NOT_ASSIGNED_TO_YOU'],
      ['conflict', 'NOT_ASSIGNED_TO_YOU'],
    ]);
    await act(techs.far.username, number, { action: 'accept' });
    await act(techs.far.username, number, { action: 'start-travel' });
    const travelling = await until(number, (w) => w.status === 'travelling', 'travelling');
    expect(travelling.technicianId).toBe(techs.far.id);
    // Nothing of the near technician's batch was applied.
    expect(travelling.checkIn).toBeNull();
    const row = await system.adminEm().findOneOrFail(Ticket, { number });
    await recordHistoryIfAsked(system, row.processInstanceId!, 'work_order_auto_dispatched_reassigned');
    ok(await as('marta', 'PUT', `/work-types/${workType}`, { autoDispatch: false }), 200);
  });

  it('opens exactly one planned work order when an asset’s maintenance schedule is due, and moves the schedule on', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const printer = ok(
      await as(dispatcher, 'POST', '/cmdb/cis', { classKey: 'printer', name: `Receipt printer ${tag}`, organizationId: org, siteId }),
    );
    const service = ok(await as(dispatcher, 'POST', '/cmdb/cis', { classKey: 'application', name: `POS app ${tag}`, organizationId: org }));
    const schedule = {
      rrule: 'FREQ=MONTHLY;INTERVAL=3',
      nextDueOn: today,
      task: 'clean the print head',
      workType: `fp-maintenance-${tag}`,
      checklist: [{ key: 'print-head', label: 'Print head cleaned', required: true }],
      leadDays: 0,
    };
    const notAnAsset = await as(dispatcher, 'PUT', `/assets/${service.id}/maintenance-schedule`, schedule);
    expect(notAnAsset.statusCode).toBe(422);
    const badRule = await as(dispatcher, 'PUT', `/assets/${printer.id}/maintenance-schedule`, { ...schedule, rrule: 'FREQ=HOURLY' });
    expect(badRule.statusCode).toBe(422);
    expect(badRule.result).toMatchObject({ details: [{ field: 'payload.rrule' }] });
    const set = ok(await as(dispatcher, 'PUT', `/assets/${printer.id}/maintenance-schedule`, schedule), 200);
    expect(set).toMatchObject({ assetId: printer.id, schedule: { every: 'P3M', nextDueOn: today }, opensOn: today });

    const planned = async () => system.adminEm().find(WorkOrder, { maintenanceAssetId: printer.id });
    const runChecks = async (processId: string, cycle: string) => {
      const xml = readFileSync(repoFile('workflows/processes/maintenance-plan.bpmn'), 'utf8')
        .replace(/"maintenance-plan"/g, `"${processId}"`)
        .replace('R/PT1H', cycle);
      ok(await as('marta', 'POST', '/process-definitions', { xml }));
      const runs = Number(/^R(\d+)/.exec(cycle)![1]);
      await eventually(async () => {
        const list = ok(await as('marta', 'GET', `/process-instances?processId=${processId}&status=COMPLETED`), 200);
        expect(list.total).toBeGreaterThanOrEqual(runs);
        // Generous: on the shared machine under load a check's workflow tasks take seconds each.
      }, 180_000);
    };
    // Three checks two seconds apart: the first opens the work order, the others find nothing due.
    await runChecks(`maintenance_${tag}`, 'R3/PT2S');
    const [first, ...more] = await planned();
    expect(more).toEqual([]);
    expect(first).toMatchObject({ maintenanceDueOn: today, workType: `fp-maintenance-${tag}`, assetIds: [printer.id], siteId });
    const wo = ok(await as(dispatcher, 'GET', `/work-orders/${first!.ticketNumber}`), 200);
    expect(wo.maintenance).toEqual({ assetId: printer.id, dueOn: today });
    expect(wo.checklist).toEqual([{ key: 'print-head', label: 'Print head cleaned', required: true, done: false, note: null }]);
    const advanced = ok(await as(dispatcher, 'GET', `/assets/${printer.id}/maintenance-schedule`), 200);
    expect(advanced.schedule.nextDueOn).toBe(nextDueOn(today, 'P3M'));
    // The asset's page lists the visit its schedule opened, though nobody linked it by hand.
    const onAsset = ok(await as(dispatcher, 'GET', `/cmdb/cis/${printer.id}/tickets`), 200);
    expect(onAsset.items).toEqual([expect.objectContaining({ number: first!.ticketNumber, type: 'work_order' })]);

    // A check that stopped after opening it, before moving the schedule on: the next one opens nothing new.
    await system
      .adminEm()
      .execute(
        `update configuration_item set maintenance_schedule = jsonb_set(maintenance_schedule, '{nextDueOn}', to_jsonb(?::text)) where id = ?`,
        [today, printer.id],
      );
    await runChecks(`maintenance_again_${tag}`, 'R1/PT1S');
    expect((await planned()).map((w) => w.ticketNumber)).toEqual([first!.ticketNumber]);
    const ci = await system.adminEm().findOneOrFail(ConfigurationItem, { id: printer.id }, { refresh: true });
    expect(ci.maintenanceSchedule!.nextDueOn).toBe(nextDueOn(today, 'P3M'));
  }, 480_000);
});
