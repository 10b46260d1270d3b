import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { VILNIUS_BUSINESS_HOURS } from '../../scripts/lib/demo-sla';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';
import { offerService } from '../support/services';

/** Scenario 1's SLA: the Network group's Vilnius business hours and a P3 target of two business days. */
describe('SLA policies on business calendars', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const service = `network-${tag}`;
  let calendarId: string;
  let goldCustomer: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    // A customer nobody serves, created before the service so that the service is offered to it too.
    const customer = await system.injectAs('admin', { method: 'POST', url: '/organizations', payload: { name: `Gold customer ${tag}` } });
    expect(customer.statusCode).toBe(201);
    goldCustomer = (customer.result as { id: string }).id;
    await offerService(system, service);
    const created = await system.injectAs('marta', {
      method: 'POST',
      url: '/business-calendars',
      payload: { name: `Vilnius ${tag}`, definition: VILNIUS_BUSINESS_HOURS },
    });
    expect(created.statusCode).toBe(201);
    calendarId = (created.result as { id: string }).id;
    const policy = await system.injectAs('marta', {
      method: 'POST',
      url: '/sla-policies',
      payload: { name: `P3 network ${tag}`, priority: 'P3', service, calendarId, responseTarget: 'PT4H', resolutionTarget: 'PT20H' },
    });
    expect(policy.statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  const deadlines = (payload: object) => system.injectAs('tomas', { method: 'POST', url: '/sla/deadlines', payload });

  it('counts only business hours: a P3 opened Monday 14:00 is due Wednesday 14:00, warned Wednesday 09:00', async () => {
    const res = await deadlines({ priority: 'P3', service, openedAt: '2026-11-23T12:00:00Z' });
    expect(res.statusCode).toBe(200);
    expect(res.result).toMatchObject({
      policy: { name: `P3 network ${tag}` },
      responseDueAt: '2026-11-23T16:00:00.000Z', // Mon 18:00 Vilnius
      resolutionWarningAt: '2026-11-25T07:00:00.000Z', // 75 % = 15 h: Wed 09:00
      resolutionDueAt: '2026-11-25T12:00:00.000Z', // Wed 14:00
    });
  });

  it('stops the clock over Christmas', async () => {
    const res = await deadlines({ priority: 'P3', service, openedAt: '2026-12-23T14:00:00Z' /* Wed 16:00 */ });
    // Wed 2 h, Thu–Sat holidays and weekend, Mon 28th 10 h, Tue 29th 8 h → Tue 16:00.
    expect((res.result as { resolutionDueAt: string }).resolutionDueAt).toBe('2026-12-29T14:00:00.000Z');
  });

  it('picks the most specific policy: a customer contract beats the service policy', async () => {
    const organizationId = goldCustomer;
    await system.injectAs('admin', {
      method: 'POST',
      url: '/sla-policies',
      payload: { name: `Gold ${tag}`, organizationId, calendarId, responseTarget: 'PT30M', resolutionTarget: 'PT2H' },
    });
    const asks = { priority: 'P3', service, organizationId, openedAt: '2026-11-23T12:00:00Z' };
    const res = await system.injectAs('admin', { method: 'POST', url: '/sla/deadlines', payload: asks });
    expect(res.result).toMatchObject({ policy: { name: `Gold ${tag}` }, resolutionDueAt: '2026-11-23T14:00:00.000Z' });
    // A customer's policy is read only by those who serve the customer (row-level security): an agent who
    // does not gets the desk-wide policy, and learns nothing of the customer's.
    const stranger = await deadlines(asks);
    expect(stranger.result).toMatchObject({ policy: { name: `P3 network ${tag}` } });
  });

  it('refuses bad targets and calendars, naming the field, and stores nothing', async () => {
    const days = await system.injectAs('marta', {
      method: 'POST',
      url: '/sla-policies',
      payload: { name: `Bad ${tag}`, calendarId, responseTarget: 'P2D', resolutionTarget: 'PT1H' },
    });
    expect(days.statusCode).toBe(400);
    expect((days.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['payload.responseTarget']);
    const inverted = await system.injectAs('marta', {
      method: 'POST',
      url: '/sla-policies',
      payload: { name: `Bad ${tag}`, calendarId, responseTarget: 'PT9H', resolutionTarget: 'PT1H' },
    });
    expect(inverted.statusCode).toBe(400);
    const zone = await system.injectAs('marta', {
      method: 'POST',
      url: '/business-calendars',
      payload: { name: `Mars ${tag}`, definition: { ...VILNIUS_BUSINESS_HOURS, timeZone: 'Mars/Olympus' } },
    });
    expect(zone.statusCode).toBe(400);
    expect((zone.result as { message: string }).message).toMatch(/Mars\/Olympus/);
    const list = (await system.injectAs('marta', { method: 'GET', url: '/sla-policies' })).result as { items: Array<{ name: string }> };
    expect(list.items.map((p) => p.name)).not.toContain(`Bad ${tag}`);
  });

  it('gives a process the deadlines through the sla-deadlines task', async () => {
    const processId = `sla_${tag.replace(/-/g, '')}`;
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:serviceTask id="deadlines"><bpmn:extensionElements><zeebe:taskDefinition type="sla-deadlines" /></bpmn:extensionElements></bpmn:serviceTask><bpmn:userTask id="work" />${flow('f0', 's', 'deadlines')}${flow('f1', 'deadlines', 'work')}`,
      processId,
    );
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    const started = await system.injectAs('tomas', {
      method: 'POST',
      url: '/process-instances',
      payload: { processId, variables: { priority: 'P3', service, openedAt: '2026-11-23T12:00:00Z' } },
    });
    const id = (started.result as { id: string }).id;
    const variables = await eventually(async () => {
      const body = (await system.injectAs('tomas', { method: 'GET', url: `/process-instances/${id}` })).result as {
        activeElementIds: string[];
        variables: Record<string, unknown>;
      };
      if (!body.activeElementIds.includes('work')) throw new Error('deadlines not computed yet');
      return body.variables;
    });
    expect(variables).toMatchObject({
      slaPolicy: `P3 network ${tag}`,
      resolutionDueAt: '2026-11-25T12:00:00.000Z',
      responseDueAt: '2026-11-23T16:00:00.000Z',
    });
  });
});
