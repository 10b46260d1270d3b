import { randomUUID } from 'node:crypto';
import type { Body } from '../support/json-body';
import { TestSystem } from '../support/test-system';

/**
 * What the desk-configuration admin screens (issue 23) need beyond the CRUD routes: testing a ticket
 * against the routing rules without routing it, and calendar problems that name the day, zone or
 * holiday list, so the form can show them at the control.
 */
describe('desk configuration for the admin screens', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const category = `cfg-${tag}`;
  let ruleId = '';
  const as = (who: string, method: string, url: string, payload?: object) =>
    system.injectAs(who, { method, url, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    // No process of this id is deployed: tickets stay as raised, so nothing routes them behind the test's back.
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}` } });
    const rule = await as('marta', 'POST', '/routing-rules', {
      name: `cfg ${tag}`,
      position: 1,
      category,
      priority: 'P2',
      assignmentGroup: 'network',
    });
    expect(rule.statusCode).toBe(201);
    ruleId = (rule.result as Body).id as string;
  });
  afterAll(async () => {
    if (ruleId) await as('marta', 'DELETE', `/routing-rules/${ruleId}`);
    await system?.close();
  });

  describe('POST /routing-rules/test', () => {
    it('names the first matching rule, its group and the group’s strategy', async () => {
      const res = await as('agne', 'POST', '/routing-rules/test', { category: category.toUpperCase(), priority: 'P2' });
      expect(res.statusCode).toBe(200);
      expect(res.result).toMatchObject({
        rule: { id: ruleId, name: `cfg ${tag}`, position: 1 },
        groupFrom: 'rule',
        assignmentGroup: 'network',
        groupExists: true,
        facts: { category: category.toUpperCase(), priority: 'P2', subcategory: null, serviceId: null, organizationId: null },
      });
      expect(typeof (res.result as Body).strategy).toBe('string');
    });

    it('does not match the rule when one condition differs', async () => {
      const res = await as('agne', 'POST', '/routing-rules/test', { category, priority: 'P4' });
      expect(res.statusCode).toBe(200);
      expect(((res.result as Body).rule as Body | null)?.id).not.toBe(ruleId);
    });

    it('reads a named ticket’s facts, lets given facts override them, and writes nothing', async () => {
      const raised = await as('rita', 'POST', '/tickets', {
        type: 'incident',
        title: `Routing test ${tag}`,
        description: 'x',
        impact: 'low',
        urgency: 'low',
        category,
      });
      expect(raised.statusCode).toBe(201);
      const number = (raised.result as Body).number as string;
      const before = (await as('admin', 'GET', `/tickets/${number}`)).result as Body;

      const asIs = await as('admin', 'POST', '/routing-rules/test', { ticketNumber: number });
      expect(asIs.statusCode).toBe(200);
      expect((asIs.result as Body).facts).toMatchObject({ category, priority: before.priority ?? null });

      const asP2 = await as('admin', 'POST', '/routing-rules/test', { ticketNumber: number, priority: 'P2' });
      expect(asP2.result).toMatchObject({ facts: { category, priority: 'P2' }, rule: { id: ruleId }, assignmentGroup: 'network' });

      const after = (await as('admin', 'GET', `/tickets/${number}`)).result as Body;
      expect(after.assignmentGroup).toBe(before.assignmentGroup);
      expect(after.version).toBe(before.version);
    });

    it('answers 404 for a ticket that does not exist and 400 naming a bad field', async () => {
      expect((await as('admin', 'POST', '/routing-rules/test', { ticketNumber: 'INC9999998' })).statusCode).toBe(404);
      const bad = await as('admin', 'POST', '/routing-rules/test', { priority: 'urgent' });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.result)).toContain('priority');
    });
  });

  describe('business calendar problems name where in the definition they are', () => {
    it.each([
      [{ timeZone: 'Mars/Olympus', weekly: { 1: [{ start: '08:00', end: '17:00' }] } }, 'payload.definition.timeZone'],
      [{ timeZone: 'UTC', weekly: { 3: [{ start: '08:00', end: '08:00' }] } }, 'payload.definition.weekly.3'],
      [{ timeZone: 'UTC', weekly: { 1: [{ start: '08:00', end: '17:00' }] }, holidays: ['24.12.2026'] }, 'payload.definition.holidays'],
    ])('refuses %j with a 400 naming %s, creating nothing', async (definition, field) => {
      const name = `Bad ${field} ${tag}`;
      const res = await as('marta', 'POST', '/business-calendars', { name, definition });
      expect(res.statusCode).toBe(400);
      expect((res.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual([field]);
      const list = (await as('marta', 'GET', '/business-calendars')).result as { items: Array<{ name: string }> };
      expect(list.items.map((c) => c.name)).not.toContain(name);
    });
  });
});
