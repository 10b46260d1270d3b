import { randomUUID } from 'node:crypto';
import { VILNIUS_BUSINESS_HOURS } from '../../scripts/lib/demo-sla';
import { TestSystem } from '../support/test-system';
import { offerService } from '../support/services';

type Problem = { details?: Array<{ field: string }>; message: string };
const fieldsOf = (res: { result: unknown }) => ((res.result as Problem).details ?? []).map((d) => d.field);

/** Editing what was only creatable: business calendars, SLA policies, customer sites and contracts. */
describe('editing calendars, SLA policies, sites and contracts', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const service = `edits-${tag}`;
  let calendarId: string;
  let policyId: string;
  let organizationId: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    await offerService(system, service);
    const calendar = await system.injectAs('marta', {
      method: 'POST',
      url: '/business-calendars',
      payload: { name: `Edit cal ${tag}`, definition: VILNIUS_BUSINESS_HOURS },
    });
    expect(calendar.statusCode).toBe(201);
    calendarId = (calendar.result as { id: string }).id;
    const policy = await system.injectAs('marta', {
      method: 'POST',
      url: '/sla-policies',
      payload: {
        name: `Edit policy ${tag}`,
        priority: 'P3',
        service,
        calendarId,
        responseTarget: 'PT4H',
        resolutionTarget: 'PT20H',
        escalations: [{ percent: 50, notify: 'assignee' }],
      },
    });
    expect(policy.statusCode).toBe(201);
    policyId = (policy.result as { id: string }).id;
    const org = await system.injectAs('admin', { method: 'POST', url: '/organizations', payload: { name: `Edit org ${tag}` } });
    organizationId = (org.result as { id: string }).id;
  });
  afterAll(async () => {
    await system?.close();
  });

  const deadlines = () =>
    system.injectAs('tomas', {
      method: 'POST',
      url: '/sla/deadlines',
      payload: { priority: 'P3', service, openedAt: '2026-11-23T12:00:00Z' },
    });
  const audit = async (entity: string, entityId: string) =>
    (
      (await system.injectAs('admin', { method: 'GET', url: `/audit-log?entity=${entity}&entityId=${entityId}` })).result as {
        items: Array<{ action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>;
      }
    ).items;

  it('changes a policy’s targets, keeps what the patch leaves out, and audits before and after', async () => {
    const res = await system.injectAs('marta', {
      method: 'PATCH',
      url: `/sla-policies/${policyId}`,
      payload: { resolutionTarget: 'PT10H', warningPercent: 50 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.result).toMatchObject({
      name: `Edit policy ${tag}`,
      priority: 'P3',
      service,
      responseTarget: 'PT4H',
      resolutionTarget: 'PT10H',
      warningPercent: 50,
      escalations: [{ percent: 50, notify: 'assignee' }],
    });
    // Monday 14:00 Vilnius + 10 business hours (Mon 4 h, Tue 6 h) = Tuesday 14:00 Vilnius.
    expect((await deadlines()).result).toMatchObject({ resolutionDueAt: '2026-11-24T12:00:00.000Z' });
    const [entry] = await audit('SlaPolicy', policyId);
    expect(entry).toMatchObject({
      action: 'slaPolicy.updated',
      before: { resolutionTarget: 'PT20H', warningPercent: 75 },
      after: { resolutionTarget: 'PT10H', warningPercent: 50 },
    });
  });

  it('refuses a policy change that breaks its rules, naming the field, and changes nothing', async () => {
    const inverted = await system.injectAs('marta', {
      method: 'PATCH',
      url: `/sla-policies/${policyId}`,
      payload: { responseTarget: 'PT12H' },
    });
    expect(inverted.statusCode).toBe(400);
    expect(fieldsOf(inverted)).toEqual(['payload.responseTarget']);
    const calendar = await system.injectAs('marta', {
      method: 'PATCH',
      url: `/sla-policies/${policyId}`,
      payload: { calendarId: randomUUID() },
    });
    expect(calendar.statusCode).toBe(400);
    expect(fieldsOf(calendar)).toEqual(['payload.calendarId']);
    const empty = await system.injectAs('marta', { method: 'PATCH', url: `/sla-policies/${policyId}`, payload: {} });
    expect(empty.statusCode).toBe(400);
    const missing = await system.injectAs('marta', {
      method: 'PATCH',
      url: `/sla-policies/${randomUUID()}`,
      payload: { warningPercent: 60 },
    });
    expect(missing.statusCode).toBe(404);
    const list = (await system.injectAs('marta', { method: 'GET', url: '/sla-policies' })).result as {
      items: Array<{ id: string; responseTarget: string }>;
    };
    expect(list.items.find((p) => p.id === policyId)?.responseTarget).toBe('PT4H');
  });

  it('replaces a calendar’s hours: deadlines count in the new ones', async () => {
    const before = (await deadlines()).result as { resolutionDueAt: string };
    const longer = {
      ...VILNIUS_BUSINESS_HOURS,
      weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ start: '08:00', end: '20:00' }]])),
    };
    const res = await system.injectAs('marta', {
      method: 'PATCH',
      url: `/business-calendars/${calendarId}`,
      payload: { name: `Edit cal long ${tag}`, definition: longer },
    });
    expect(res.statusCode).toBe(200);
    expect(res.result).toMatchObject({ name: `Edit cal long ${tag}`, definition: { weekly: { 1: [{ start: '08:00', end: '20:00' }] } } });
    const after = (await deadlines()).result as { resolutionDueAt: string };
    // Monday 14:00 + 10 business hours: Monday 6 h to 20:00, Tuesday 4 h from 08:00 → Tuesday 12:00 Vilnius.
    expect(after.resolutionDueAt).toBe('2026-11-24T10:00:00.000Z');
    expect(after.resolutionDueAt).not.toBe(before.resolutionDueAt);
    const [entry] = await audit('BusinessCalendar', calendarId);
    expect(entry).toMatchObject({
      action: 'businessCalendar.updated',
      before: { name: `Edit cal ${tag}` },
      after: { name: `Edit cal long ${tag}` },
    });
  });

  it('refuses a bad calendar change at the field it names', async () => {
    const zone = await system.injectAs('marta', {
      method: 'PATCH',
      url: `/business-calendars/${calendarId}`,
      payload: { definition: { ...VILNIUS_BUSINESS_HOURS, timeZone: 'Mars/Olympus' } },
    });
    expect(zone.statusCode).toBe(400);
    expect(fieldsOf(zone)[0]).toMatch(/^payload\.definition/);
    const agent = await system.injectAs('tomas', { method: 'PATCH', url: `/business-calendars/${calendarId}`, payload: { name: 'Nope' } });
    expect(agent.statusCode).toBe(403);
  });

  it('edits a site’s name and address and a contract’s terms, audited', async () => {
    const site = await system.injectAs('admin', {
      method: 'POST',
      url: '/sites',
      payload: { organizationId, name: 'Depot', address: 'Old 1' },
    });
    const siteId = (site.result as { id: string }).id;
    const renamed = await system.injectAs('admin', {
      method: 'PATCH',
      url: `/sites/${siteId}`,
      payload: { name: 'Main depot', address: null },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.result).toMatchObject({ id: siteId, organizationId, name: 'Main depot', address: null });
    expect((await audit('Site', siteId))[0]).toMatchObject({
      action: 'site.updated',
      before: { address: 'Old 1' },
      after: { address: null },
    });

    const contract = await system.injectAs('admin', {
      method: 'POST',
      url: '/contracts',
      payload: { organizationId, name: 'Basic', validFrom: '2026-01-01' },
    });
    const contractId = (contract.result as { id: string }).id;
    const noCalendar = await system.injectAs('admin', {
      method: 'PATCH',
      url: `/contracts/${contractId}`,
      payload: { onSiteTarget: 'PT4H' },
    });
    expect(noCalendar.statusCode).toBe(400);
    expect(fieldsOf(noCalendar)).toEqual(['payload.calendarId']);
    const backwards = await system.injectAs('admin', {
      method: 'PATCH',
      url: `/contracts/${contractId}`,
      payload: { validTo: '2025-12-31' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(fieldsOf(backwards)).toEqual(['payload.validTo']);
    const terms = await system.injectAs('admin', {
      method: 'PATCH',
      url: `/contracts/${contractId}`,
      payload: { name: 'Gold', calendarId, responseTarget: 'PT2H', onSiteTarget: 'PT4H', validTo: '2027-12-31' },
    });
    expect(terms.statusCode).toBe(200);
    expect(terms.result).toMatchObject({ name: 'Gold', calendarId, responseTarget: 'PT2H', onSiteTarget: 'PT4H', validFrom: '2026-01-01' });
    expect((await audit('Contract', contractId))[0]).toMatchObject({
      action: 'contract.updated',
      before: { name: 'Basic' },
      after: { name: 'Gold' },
    });
    const requester = await system.injectAs('rita', { method: 'PATCH', url: `/contracts/${contractId}`, payload: { name: 'Mine' } });
    expect(requester.statusCode).toBe(403);
  });
});
