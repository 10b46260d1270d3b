import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerInjectResponse } from '@hapi/hapi';
import sharp from 'sharp';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { multipart } from '../support/multipart';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';

const HOUR = 60 * 60_000;

/**
 * Issue 19, a work order opened from a service request (not an incident): the customer ordered an
 * installation from the catalogue, the desk sends a technician, and when the work order closes the
 * request's own process goes on — its "Provide the item" task (property `work-order.completes` in
 * service-request.bpmn) is completed by the visit, once, and the request is delivered when the access
 * work beside it is done. On the way: a technician who serves another organisation cannot see the job,
 * and a photo over the byte limit is refused naming the field.
 */
describe('work order from a request: the request goes on when it closes', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const password = 'wo-request-pass-1';
  const requestProcess = `service_request_wo_${tag}`;
  const workType = `install-${tag}`;
  const users = { baltic: `wr-baltic-${tag}`, nordic: `wr-nordic-${tag}` };
  let technicianId = '';
  let siteId = '';
  let itemId = '';

  const as = (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const ok = (res: ServerInjectResponse, status = 201): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload}`);
    return res.result as Body;
  };
  const workOrder = async (number: string) => ok(await as('tomas', 'GET', `/work-orders/${number}`), 200);
  /** The process may be one service task short of the step: a 409 is retried, anything else is the answer. */
  const act = (user: string, number: string, payload: object) =>
    eventually(async () => {
      const res = await as(user, 'POST', `/work-orders/${number}/actions`, payload);
      if (res.statusCode === 409) throw new Error(res.payload);
      return ok(res, 200);
    }, 60_000);
  const openTasks = async (instanceId: string) =>
    (ok(await as('marta', 'GET', `/process-instances/${instanceId}`), 200).openTasks as Array<{ elementId: string; id: string }>).sort(
      (a, b) => a.elementId.localeCompare(b.elementId),
    );

  beforeAll(async () => {
    const workOrderProcess = `work_order_req_${tag}`;
    system = await TestSystem.start({
      attachmentMaxBytes: 200_000,
      ticketProcessIds: { incident: `none_${tag}`, work_order: workOrderProcess },
    });
    for (const [file, id] of [
      ['service-request', requestProcess],
      ['work-order', workOrderProcess],
    ] as const) {
      const xml = readFileSync(repoFile(`workflows/processes/${file}.bpmn`), 'utf8').replace(new RegExp(`"${file}"`, 'g'), `"${id}"`);
      ok(await as('marta', 'POST', '/process-definitions', { xml }));
    }
    const categoryId = ok(await as('marta', 'POST', '/catalog/categories', { name: `Installations ${tag}` })).id as string;
    itemId = ok(
      await as('marta', 'POST', '/catalog/items', {
        categoryId,
        name: `Card terminal installed ${tag}`,
        formSchema: { components: [] },
        approvalPolicy: { kind: 'none' },
        processId: requestProcess,
        fulfilmentGroup: 'service-desk',
      }),
    ).id as string;
    const em = system.adminEm();
    const baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const nordic = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    siteId = ok(await as('admin', 'POST', '/sites', { organizationId: baltic, name: `Šiauliai store ${tag}` })).id as string;
    for (const [which, served] of [
      ['baltic', baltic],
      ['nordic', nordic],
    ] as const) {
      const user = ok(
        await as('admin', 'POST', '/users', {
          username: users[which],
          displayName: `${which} technician`,
          roles: ['technician'],
          password,
          servedOrganizationIds: [served],
        }),
      );
      await system.tokenFor(users[which], password);
      const profile = ok(
        await as('admin', 'POST', '/technicians', {
          userId: user.id,
          skills: { terminals: 3 },
          workingHours: {},
          homeBase: { latitude: 55.93, longitude: 23.31 },
        }),
      );
      if (which === 'baltic') technicianId = profile.id as string;
    }
  }, 300_000);
  afterAll(async () => {
    await system?.close();
  });

  it('completes the request’s “Provide the item” once when the work order closes; the request is then delivered', async () => {
    const placed = ok(await as('rita', 'POST', `/catalog/items/${itemId}/requests`, { answers: {} }));
    const request = placed.ticketNumber as string;
    await eventually(
      async () => expect((await openTasks(placed.processInstanceId)).map((t) => t.elementId)).toEqual(['ProvideItem', 'SetUpAccess']),
      60_000,
    );

    const now = Date.now();
    const opened = ok(
      await as('tomas', 'POST', '/work-orders', {
        title: `Install the card terminal ${tag}`,
        parentTicket: request,
        siteId,
        workType,
        priority: 'P3',
        window: { startsAt: new Date(now - HOUR).toISOString(), endsAt: new Date(now + 5 * HOUR).toISOString() },
      }),
    );
    const number = opened.number as string;
    expect(opened).toMatchObject({ parentTicket: request, status: 'created' });
    const links = ok(await as('tomas', 'GET', `/tickets/${number}`), 200);
    expect(links.type).toBe('work_order');

    await act('tomas', number, { action: 'schedule', technicianId });
    // A technician who serves only another organisation neither finds the job nor sees it in a list.
    expect((await as(users.nordic, 'GET', `/work-orders/${number}`)).statusCode).toBe(404);
    expect((ok(await as(users.nordic, 'GET', '/work-orders?limit=500'), 200).items as Body[]).map((w) => w.number)).not.toContain(number);
    expect((await as(users.nordic, 'POST', `/work-orders/${number}/actions`, { action: 'accept' })).statusCode).toBe(404);
    expect((ok(await as(users.baltic, 'GET', '/work-orders?limit=500'), 200).items as Body[]).map((w) => w.number)).toEqual([number]);

    await act(users.baltic, number, { action: 'accept' });
    await act(users.baltic, number, { action: 'start-travel' });
    await act(users.baltic, number, { action: 'check-in', latitude: 55.934, longitude: 23.315 });
    // A photo over the byte limit (200 kB here) is refused naming the field; nothing is kept.
    const noisy = await sharp({
      create: { width: 900, height: 900, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
    })
      .jpeg({ quality: 100 })
      .toBuffer();
    expect(noisy.length).toBeGreaterThan(200_000);
    const tooBig = await system.injectAs(users.baltic, {
      method: 'POST',
      url: `/work-orders/${number}/photos`,
      ...multipart([{ name: 'file', filename: 'terminal.jpg', contentType: 'image/jpeg', content: noisy }]),
    });
    expect(tooBig.statusCode).toBe(413);
    expect((tooBig.result as Body).details[0].field).toBe('payload.file');
    expect(ok(await as(users.baltic, 'GET', `/work-orders/${number}/photos`), 200).items).toEqual([]);

    const signature = await sharp({ create: { width: 300, height: 100, channels: 3, background: { r: 250, g: 250, b: 250 } } })
      .png()
      .toBuffer();
    await act(users.baltic, number, {
      action: 'sign-off',
      signerName: 'Rita Store-Manager',
      notes: 'Terminal installed and paired with till 1',
      signature: signature.toString('base64'),
    });
    await act(users.baltic, number, { action: 'check-out' });
    await eventually(async () => {
      const w = await workOrder(number);
      if (w.status !== 'closed') throw new Error(`${number} is ${w.status}`);
    }, 90_000);

    // The visit did "Provide the item": only the access work is left, and the request says who did it.
    const left = await eventually(async () => {
      const tasks = await openTasks(placed.processInstanceId);
      expect(tasks.map((t) => t.elementId)).toEqual(['SetUpAccess']);
      return tasks;
    }, 90_000);
    const entries = ok(await as('tomas', 'GET', `/tickets/${request}/entries`), 200) as Body;
    const notes = ((entries.items ?? entries) as Body[]).map((e) => e.body as string);
    expect(notes.filter((b) => b.startsWith(`Work order ${number} did on site: Provide the item`))).toHaveLength(1);
    expect(notes.filter((b) => b.startsWith(`Work order ${number} is closed`))).toEqual([]);
    const variables = ok(await as('marta', 'GET', `/process-instances/${placed.processInstanceId}`), 200).variables as Body;
    expect(variables).toMatchObject({ fulfilledByWorkOrder: number, fulfilmentNotes: 'Terminal installed and paired with till 1' });

    // The desk finishes the access work; the request is delivered through its own process.
    ok(await as('admin', 'POST', `/tasks/${left[0]!.id}/complete`, { variables: {} }), 200);
    await eventually(async () => {
      const t = await system.adminEm().fork().findOneOrFail(Ticket, { number: request });
      expect(['delivered', 'closed']).toContain(t.state);
    }, 90_000);
  }, 420_000);
});
