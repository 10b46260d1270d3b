import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogRequest } from '../../service-catalog/catalog/domain/catalog.entities';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import type { Body } from '../support/json-body';
import { TestSystem } from '../support/test-system';

const shipped = readFileSync(join(__dirname, '../../workflows/processes/service-request.bpmn'), 'utf8');

/** A laptop order: the form every test here fills in. */
const LAPTOP_FORM = {
  type: 'default',
  components: [
    {
      type: 'select',
      key: 'model',
      label: 'Model',
      values: [
        { label: '14"', value: 'x14' },
        { label: '16"', value: 'x16' },
      ],
      validate: { required: true },
    },
    { type: 'number', key: 'quantity', label: 'How many', validate: { required: true, min: 1, max: 5 } },
    { type: 'textfield', key: 'costCentre', label: 'Cost centre', validate: { required: true, pattern: 'CC-[0-9]{4}' } },
    { type: 'textfield', key: 'contact', label: 'Contact e-mail', validate: { validationType: 'email' } },
    { type: 'checkbox', key: 'docking', label: 'With a docking station' },
    { type: 'datetime', key: 'neededBy', subtype: 'date', label: 'Needed by' },
    { type: 'text', text: 'Laptops ship within a week.' },
  ],
};

/**
 * Issue 18, the catalog: an order's answers are checked against the item's form-js schema on the
 * server, a valid order raises a service request whose fulfilment process opens two tasks in
 * parallel and closes only when both are done, and requesters see only the items meant for their
 * organisation and role.
 */
describe('the service catalog', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `service_request_${tag}`;
  const orgs = { baltic: '', nordic: '' };
  const as = (who: string, method: string, url: string, payload?: object) =>
    system.injectAs(who, { method, url, ...(payload ? { payload } : {}) });
  let categoryId = '';
  let laptopId = '';

  beforeAll(async () => {
    system = await TestSystem.start();
    const em = system.adminEm();
    orgs.baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    orgs.nordic = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    // The shipped diagram under a process id of this file's own, so no other test's version runs.
    const deployed = await as('marta', 'POST', '/process-definitions', { xml: shipped.replace(/"service-request"/g, `"${processId}"`) });
    expect([200, 201]).toContain(deployed.statusCode);
    const category = await as('marta', 'POST', '/catalog/categories', { name: `Hardware ${tag}` });
    expect(category.statusCode).toBe(201);
    categoryId = (category.result as Body).id as string;
    const laptop = await as('marta', 'POST', '/catalog/items', {
      categoryId,
      name: `Laptop ${tag}`,
      description: 'A standard laptop',
      formSchema: LAPTOP_FORM,
      price: { amount: 1299.5, currency: 'EUR' },
      // No approval: this file is about the form and fulfilment; service-request-approvals.test.ts the approvals.
      approvalPolicy: { kind: 'none' },
      processId,
      fulfilmentGroup: 'service-desk',
    });
    expect(laptop.statusCode).toBe(201);
    laptopId = (laptop.result as Body).id as string;
  });
  afterAll(async () => {
    await system?.close();
  });

  const requestCount = async () => system.adminEm().count(CatalogRequest, {});
  const ticketCount = async () => system.adminEm().count(Ticket, { type: 'request' });

  it('refuses answers that break the form with 400 naming each field, and stores nothing', async () => {
    const [requestsBefore, ticketsBefore] = [await requestCount(), await ticketCount()];
    const res = await as('rita', 'POST', `/catalog/items/${laptopId}/requests`, {
      answers: {
        model: 'x99',
        quantity: 9,
        costCentre: 'nope',
        contact: 'not-mail',
        docking: 'yes',
        neededBy: '2026-13-45',
        colour: 'red',
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.result as { code?: string; details: Array<{ field: string; message: string }> };
    expect(body.details.map((d) => d.field).sort()).toEqual(
      ['colour', 'contact', 'costCentre', 'docking', 'model', 'neededBy', 'quantity'].map((f) => `payload.answers.${f}`).sort(),
    );
    const missing = await as('rita', 'POST', `/catalog/items/${laptopId}/requests`, { answers: {} });
    expect(missing.statusCode).toBe(400);
    expect((missing.result as { details: Array<{ field: string; message: string }> }).details).toEqual(
      expect.arrayContaining([
        { field: 'payload.answers.model', message: 'is required' },
        { field: 'payload.answers.quantity', message: 'is required' },
        { field: 'payload.answers.costCentre', message: 'is required' },
      ]),
    );
    expect([await requestCount(), await ticketCount()]).toEqual([requestsBefore, ticketsBefore]);
  });

  it('raises a service request from valid answers; its two fulfilment tasks run in parallel and it closes when both are done', async () => {
    const answers = {
      model: 'x14',
      quantity: 2,
      costCentre: 'CC-1234',
      contact: 'rita@baltic.example',
      docking: true,
      neededBy: '2027-01-15',
    };
    const res = await as('rita', 'POST', `/catalog/items/${laptopId}/requests`, { answers });
    expect(res.statusCode).toBe(201);
    const placed = res.result as { ticketNumber: string; processInstanceId: string; answers: object; catalogItemName: string };
    expect(placed).toMatchObject({ answers, catalogItemName: `Laptop ${tag}` });
    expect(placed.ticketNumber).toMatch(/^REQ\d{7}$/);
    const ticket = await system.adminEm().findOneOrFail(Ticket, { number: placed.ticketNumber });
    expect(ticket).toMatchObject({ type: 'request', organizationId: orgs.baltic, title: `Laptop ${tag}` });
    expect(ticket.description).toContain('Cost centre: CC-1234');

    // Both fulfilment tasks open at once, for the item's fulfilment group, and the requester sees them.
    const tasks = await eventually(async () => {
      const view = (await as('tomas', 'GET', `/process-instances/${placed.processInstanceId}`)).result as {
        openTasks: Array<{ id: string; elementId: string; candidateGroups?: string[] }>;
        variables: Record<string, unknown>;
      };
      expect(view.openTasks.map((t) => t.elementId).sort()).toEqual(['ProvideItem', 'SetUpAccess']);
      expect(view.variables).toMatchObject({ answers, approvalPolicy: { kind: 'none' }, cost: 1299.5, fulfilmentGroup: 'service-desk' });
      return view.openTasks;
    });
    expect(tasks.every((t) => t.candidateGroups?.includes('service-desk'))).toBe(true);
    await eventually(async () => {
      const followed = (await as('rita', 'GET', `/catalog/requests/${placed.ticketNumber}`)).result as {
        ticketState: string;
        progress: { status: string; openTasks: Array<{ name: string }> };
      };
      expect(followed.ticketState).toBe('in_progress');
      expect(followed.progress.openTasks.map((t) => t.name).sort()).toEqual(['Provide the item', 'Set up access']);
    });
    expect((await system.adminEm().findOneOrFail(Ticket, { number: placed.ticketNumber })).assignmentGroup).toBe('service-desk');

    // One done is not enough: the join waits for the other.
    const provide = tasks.find((t) => t.elementId === 'ProvideItem')!;
    expect((await as('tomas', 'POST', `/tasks/${provide.id}/complete`, { variables: {} })).statusCode).toBe(200);
    await eventually(async () => {
      const view = (await as('tomas', 'GET', `/process-instances/${placed.processInstanceId}`)).result as {
        status: string;
        openTasks: Array<{ elementId: string }>;
      };
      expect(view.openTasks.map((t) => t.elementId)).toEqual(['SetUpAccess']);
      expect(view.status).toBe('RUNNING');
    });
    expect((await system.adminEm().findOneOrFail(Ticket, { number: placed.ticketNumber })).state).toBe('in_progress');

    const access = tasks.find((t) => t.elementId === 'SetUpAccess')!;
    expect((await as('tomas', 'POST', `/tasks/${access.id}/complete`, { variables: {} })).statusCode).toBe(200);
    await eventually(async () => {
      const done = await system.adminEm().findOneOrFail(Ticket, { number: placed.ticketNumber });
      expect(done.state).toBe('closed');
      expect(done.resolvedAt).not.toBeNull();
      expect(done.closedAt).not.toBeNull();
    });

    // Issue 20: the requester is asked, as after an incident: a survey mail with one-click score links,
    // and the portal lists it as waiting until it is answered.
    const survey = await eventually(async () => {
      const found = system.mail.sink!.messages.find((m) => m.subject.includes(`[${placed.ticketNumber}] How did we do?`));
      if (!found) throw new Error('no survey mail yet');
      return found;
    });
    const scoreLinks = new Map([...survey.text.matchAll(/^(\d) [a-z ]+: \S+\/portal\/survey\/(\S+)$/gm)].map((m) => [Number(m[1]), m[2]!]));
    expect([...scoreLinks.keys()]).toEqual([5, 4, 3, 2, 1]);
    await eventually(async () => {
      const view = (await as('tomas', 'GET', `/process-instances/${placed.processInstanceId}`)).result as { status: string };
      expect(view.status).toBe('COMPLETED');
    });
    const pending = async (who: string) =>
      ((await as(who, 'GET', '/surveys?mine&pending')).result as { items: Array<{ ticketNumber: string; answerUrl: string }> }).items;
    expect(await pending('rita')).toContainEqual(
      expect.objectContaining({ ticketNumber: placed.ticketNumber, answerUrl: `/portal/tickets/${placed.ticketNumber}#survey` }),
    );
    // Only the caller is asked: the agent who fulfilled it has nothing waiting for this ticket.
    expect((await pending('tomas')).map((p) => p.ticketNumber)).not.toContain(placed.ticketNumber);
    const clicked = await system.server.inject({ method: 'POST', url: `/surveys/${scoreLinks.get(4)}/score` });
    expect(clicked.statusCode).toBe(201);
    expect((await pending('rita')).map((p) => p.ticketNumber)).not.toContain(placed.ticketNumber);
  });

  it('shows requesters only the items meant for their organisation and role', async () => {
    const item = async (name: string, visibility: object) => {
      const res = await as('marta', 'POST', '/catalog/items', {
        categoryId,
        name: `${name} ${tag}`,
        formSchema: { components: [] },
        visibility,
        processId,
      });
      expect(res.statusCode).toBe(201);
      return (res.result as Body).id as string;
    };
    const nordicOnly = await item('Forklift scanner', { organizationIds: [orgs.nordic] });
    const agentsOnly = await item('Admin console access', { roles: ['agent'] });
    const everyone = await item('Headset', {});
    const withdrawn = await item('Old phone', {});
    expect((await as('marta', 'PATCH', `/catalog/items/${withdrawn}`, { active: false })).statusCode).toBe(200);

    const names = async (who: string) =>
      ((await as(who, 'GET', `/catalog/items?categoryId=${categoryId}`)).result as { items: Array<{ name: string }> }).items
        .map((i) => i.name.replace(` ${tag}`, ''))
        .sort();
    expect(await names('rita')).toEqual(['Headset', 'Laptop']);
    expect(await names('erik')).toEqual(['Forklift scanner', 'Headset', 'Laptop']);
    expect(await names('tomas')).toEqual(['Admin console access', 'Forklift scanner', 'Headset', 'Laptop']);
    expect(await names('marta')).toEqual(['Admin console access', 'Forklift scanner', 'Headset', 'Laptop', 'Old phone']);
    // Search, within what one may see.
    const found = (await as('rita', 'GET', `/catalog/items?q=${encodeURIComponent(`Head`)}`)).result as { items: Array<{ id: string }> };
    expect(found.items.map((i) => i.id)).toContain(everyone);

    // An item not meant for you is not there at all: not to read, not to order.
    for (const [who, id] of [
      ['rita', nordicOnly],
      ['rita', agentsOnly],
      ['erik', withdrawn],
    ] as const) {
      expect((await as(who, 'GET', `/catalog/items/${id}`)).statusCode).toBe(404);
      expect((await as(who, 'POST', `/catalog/items/${id}/requests`, { answers: {} })).statusCode).toBe(404);
    }
    // Requesters do not learn whom else an item is offered to.
    expect(((await as('erik', 'GET', `/catalog/items/${nordicOnly}`)).result as Body).visibility).toEqual({
      organizationIds: [],
      roles: [],
    });
  });

  it('refuses a form schema the server cannot check, naming the component', async () => {
    const res = await as('marta', 'POST', '/catalog/items', {
      categoryId,
      name: `Bad form ${tag}`,
      formSchema: {
        components: [
          { type: 'textfield', label: 'no key' },
          { type: 'select', key: 'dyn', valuesKey: 'options' },
          { type: 'filepicker', key: 'f' },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect((res.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual([
      'payload.formSchema.components.0',
      'payload.formSchema.components.1.values',
      'payload.formSchema.components.2',
    ]);
  });
});
