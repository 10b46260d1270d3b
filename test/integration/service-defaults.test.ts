import { randomUUID } from 'node:crypto';
import type { ServerInjectResponse } from '@hapi/hapi';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { RoutingService } from '../../service-catalog/routing/domain/routing-service';
import type { Body } from '../support/json-body';
import { TestSystem } from '../support/test-system';

/**
 * Issue 18: a service's SLA policy and support group are its defaults. A ticket naming the service
 * gets the service's policy unless a policy written for that service matches, and goes to the
 * service's support group unless a routing rule matches.
 */
describe('a service’s SLA policy and support group', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const as = (who: string, method: string, url: string, payload?: object) =>
    system.injectAs(who, { method, url, ...(payload ? { payload } : {}) });
  const ok = (res: ServerInjectResponse, status = 200): Body => {
    if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.payload.slice(0, 600)}`);
    return res.result as Body;
  };
  let calendarId = '';
  const policy = async (name: string, extra: object) =>
    ok(
      await as('marta', 'POST', '/sla-policies', {
        name: `${name} ${tag}`,
        calendarId,
        responseTarget: 'PT1H',
        resolutionTarget: 'PT8H',
        ...extra,
      }),
      201,
    );
  const service = async (name: string, extra: object) =>
    ok(await as('marta', 'POST', '/services', { name: `${name} ${tag}`, kind: 'business', status: 'live', ...extra }), 201);
  const matched = async (payload: object) =>
    ok(await as('tomas', 'POST', '/sla/deadlines', { openedAt: '2026-12-07T08:00:00Z', ...payload })).policy.name as string;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}` } });
    calendarId = ok(
      await as('marta', 'POST', '/business-calendars', {
        name: `defaults ${tag}`,
        definition: { timeZone: 'UTC', weekly: { '1': [{ start: '08:00', end: '16:00' }] }, holidays: [] },
      }),
      201,
    ).id;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('selects the service’s SLA policy when no policy for the service matches', async () => {
    // The service's agreed level, kept as a policy of another (technical) service so it matches no ticket by itself.
    const holder = await service('Gold holder', { kind: 'technical' });
    const gold = await policy('Gold', { serviceId: holder.id, resolutionTarget: 'PT2H' });
    const catchAll = await policy('P4 anywhere', { priority: 'P4' });
    const payroll = await service('Payroll', { slaPolicyId: gold.id, customerOrganizationIds: [] });
    const plain = await service('Plain', {});

    // The catch-all by priority matches, but the service's own level comes first.
    expect(await matched({ priority: 'P4', serviceId: payroll.id })).toBe(gold.name);
    // A service without a policy of its own: the catch-all as before.
    expect(await matched({ priority: 'P4', serviceId: plain.id })).toBe(catchAll.name);
    // A policy written for the service is more specific than the service's default.
    const payrollP4 = await policy('Payroll P4', { priority: 'P4', serviceId: payroll.id });
    expect(await matched({ priority: 'P4', serviceId: payroll.id })).toBe(payrollP4.name);
    expect(await matched({ priority: 'P3', serviceId: payroll.id })).toBe(gold.name);
  });

  it('routes to the service’s support group when no routing rule matches', async () => {
    const scanners = await service('Scanners', { supportGroup: 'network' });
    const plain = await service('No group', {});
    const ticket = async (serviceId: string) =>
      ok(await as('tomas', 'POST', '/tickets', { title: `route ${tag}`, description: '', serviceId }), 201);
    const route = async (id: string) => new RoutingService(system.adminEm()).route(id, systemActor('test'), { category: `none-${tag}` });

    const first = await ticket(scanners.id);
    expect(await route(first.id)).toMatchObject({ assignmentGroup: 'network', groupFrom: 'service', rule: null });
    // Without a support group the default group applies, as before.
    const second = await ticket(plain.id);
    expect((await route(second.id)).groupFrom).toBe('default');
    // A matching rule is more specific than the service's group.
    ok(
      await as('marta', 'POST', '/routing-rules', {
        name: `scanners ${tag}`,
        category: `scan-${tag}`,
        serviceId: scanners.id,
        assignmentGroup: 'service-desk',
      }),
      201,
    );
    const third = await ticket(scanners.id);
    const ruled = await new RoutingService(system.adminEm()).route(third.id, systemActor('test'), {
      category: `scan-${tag}`,
    });
    expect(ruled).toMatchObject({ assignmentGroup: 'service-desk', groupFrom: 'rule' });
  });
});
