import { randomUUID } from 'node:crypto';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import type { Body } from '../support/json-body';
import { type ScratchDatabase, scratchDatabase } from '../support/scratch-database';
import { TestSystem } from '../support/test-system';

/**
 * Issue 18, services: tickets, SLA policies and routing rules name a service by id. The migration turns
 * today's free text into services and rewrites the references; the API takes an id (or, for older
 * clients, a name it resolves) and refuses an unknown one naming the field; a customer sees only the
 * services that serve it.
 */
describe('services', () => {
  describe('the migration of service strings', () => {
    let scratch: ScratchDatabase;
    const sql = (q: string, params: unknown[] = []) => scratch.sql(q, params);

    beforeAll(async () => {
      scratch = await scratchDatabase('services_migration', 'Migration20261217000000_row_level_security');
    });
    afterAll(async () => {
      await scratch?.drop();
    });

    it('makes one service per distinct text, serving the organisations that used it, and rewrites every reference', async () => {
      const [baltic, nordic] = [randomUUID(), randomUUID()];
      await sql(`insert into organization (id, name, created_at) values (?, 'Baltic', now()), (?, 'Nordic', now())`, [baltic, nordic]);
      const ticket = async (number: string, org: string | null, service: string | null) =>
        sql(
          `insert into ticket (id, number, type, title, description, state, organization_id, service, created_at, updated_at)
           values (?, ?, 'incident', 't', '', 'new', ?, ?, now(), now())`,
          [randomUUID(), number, org, service],
        );
      await ticket('INC0000001', baltic, 'VPN');
      await ticket('INC0000002', baltic, ' vpn ');
      await ticket('INC0000003', nordic, 'Vpn');
      await ticket('INC0000004', baltic, 'Printing');
      await ticket('INC0000005', null, 'E-mail');
      await ticket('INC0000006', nordic, null);
      const calendar = randomUUID();
      await sql(`insert into business_calendar (id, name, definition, created_at) values (?, 'c', '{}', now())`, [calendar]);
      await sql(
        `insert into sla_policy (id, name, priority, service, organization_id, calendar_id, response_target, resolution_target, warning_percent, created_at)
         values (?, 'vpn policy', null, 'VPN', null, ?, 'PT1H', 'PT4H', 75, now())`,
        [randomUUID(), calendar],
      );
      await sql(`insert into assignment_group (id, key, name, created_at) values (?, 'desk', 'Desk', now())`, [randomUUID()]);
      await sql(
        `insert into routing_rule (id, name, position, service, organization_id, assignment_group, created_at, updated_at)
         values (?, 'printing', 1, 'printing', ?, 'desk', now(), now())`,
        [randomUUID(), nordic],
      );

      await scratch.migrateOn();

      const services = await sql(
        `select id, name, organization_id, customer_organization_ids::text[] as customers from service order by lower(name)`,
      );
      expect(services.map((s) => String(s.name).toLowerCase())).toEqual(['e-mail', 'printing', 'vpn']);
      const byName = Object.fromEntries(services.map((s) => [String(s.name).toLowerCase(), s]));
      expect(services.every((s) => s.organization_id === null)).toBe(true);
      expect((byName.vpn.customers as string[]).sort()).toEqual([baltic, nordic].sort());
      // The rule named Nordic: Printing serves Nordic too, since its rule did.
      expect((byName.printing.customers as string[]).sort()).toEqual([baltic, nordic].sort());
      expect(byName['e-mail'].customers).toEqual([]);

      const tickets = await sql(`select number, service, service_id from ticket order by number`);
      expect(tickets.map((t) => [t.number, t.service_id])).toEqual([
        ['INC0000001', byName.vpn.id],
        ['INC0000002', byName.vpn.id],
        ['INC0000003', byName.vpn.id],
        ['INC0000004', byName.printing.id],
        ['INC0000005', byName['e-mail'].id],
        ['INC0000006', null],
      ]);
      // Tickets keep the service's name, spelt one way.
      expect(new Set(tickets.slice(0, 3).map((t) => t.service))).toEqual(new Set([byName.vpn.name]));
      expect(await sql(`select service_id from sla_policy`)).toEqual([{ service_id: byName.vpn.id }]);
      expect(await sql(`select service_id from routing_rule`)).toEqual([{ service_id: byName.printing.id }]);
      expect(
        await sql(
          `select column_name from information_schema.columns where table_name in ('sla_policy', 'routing_rule') and column_name = 'service'`,
        ),
      ).toEqual([]);
      // Row-level security is forced on the new tenant tables.
      expect(
        (
          await sql(
            `select relname from pg_class where relname in ('service', 'catalog_item', 'catalog_request') and relrowsecurity and relforcerowsecurity order by relname`,
          )
        ).map((r) => r.relname),
      ).toEqual(['catalog_item', 'catalog_request', 'service']);
    });
  });

  describe('the API', () => {
    let system: TestSystem;
    const tag = randomUUID().slice(0, 8);
    const orgs = { baltic: '', nordic: '' };
    const as = (who: string, method: string, url: string, payload?: object) =>
      system.injectAs(who, { method, url, ...(payload ? { payload } : {}) });

    beforeAll(async () => {
      system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}` } });
      const em = system.adminEm();
      orgs.baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
      orgs.nordic = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    });
    afterAll(async () => {
      await system?.close();
    });

    it('keeps services; a customer sees only those serving it', async () => {
      const created = await as('marta', 'POST', '/services', {
        name: `Scanners ${tag}`,
        kind: 'business',
        supportGroup: 'field-service',
        status: 'live',
        customerOrganizationIds: [orgs.nordic],
      });
      expect(created.statusCode).toBe(201);
      const id = (created.result as Body).id as string;
      expect(created.result).toMatchObject({ supportGroup: 'field-service', customerOrganizationIds: [orgs.nordic], organizationId: null });
      expect((await as('erik', 'GET', `/services/${id}`)).statusCode).toBe(200);
      expect((await as('rita', 'GET', `/services/${id}`)).statusCode).toBe(404);
      const ritas = ((await as('rita', 'GET', '/services?limit=500')).result as { items: Array<{ name: string }> }).items.map(
        (s) => s.name,
      );
      expect(ritas).toContain('VPN');
      expect(ritas).not.toContain(`Scanners ${tag}`);
      expect((await as('rita', 'POST', '/services', { name: 'Mine', kind: 'business' })).statusCode).toBe(403);

      const bad = await as('marta', 'POST', '/services', { name: `Bad ${tag}`, kind: 'business', supportGroup: `nope-${tag}` });
      expect(bad.statusCode).toBe(422);
      expect((bad.result as { details: Array<{ field: string }> }).details[0].field).toBe('payload.supportGroup');
      const taken = await as('marta', 'POST', '/services', { name: `scanners ${tag}`, kind: 'technical' });
      expect(taken.statusCode).toBe(422);

      const retired = await as('marta', 'PATCH', `/services/${id}`, { status: 'retired', ownerId: null });
      expect(retired.result).toMatchObject({ status: 'retired' });
    });

    it('names a ticket’s service by id, or by a name it resolves, and refuses an unknown one naming the field', async () => {
      const vpn = ((await as('tomas', 'GET', '/services?q=VPN')).result as { items: Array<{ id: string; name: string }> }).items.find(
        (s) => s.name === 'VPN',
      )!;
      const byId = await as('rita', 'POST', '/tickets', { title: `By id ${tag}`, description: '', service: vpn.id });
      expect(byId.statusCode).toBe(201);
      expect(byId.result).toMatchObject({ service: 'VPN', serviceId: vpn.id });
      const byName = await as('rita', 'POST', '/tickets', { title: `By name ${tag}`, description: '', service: ' vpn ' });
      expect(byName.result).toMatchObject({ service: 'VPN', serviceId: vpn.id });
      const unknown = await as('rita', 'POST', '/tickets', { title: `Unknown ${tag}`, description: '', service: `Nothing ${tag}` });
      expect(unknown.statusCode).toBe(422);
      expect((unknown.result as { details: Array<{ field: string }> }).details).toEqual([
        { field: 'payload.service', message: 'no such service' },
      ]);
      expect(await system.adminEm().count(Ticket, { title: `Unknown ${tag}` })).toBe(0);

      // A service that does not serve the ticket's customer is not one it can name.
      const nordicOnly = await as('marta', 'POST', '/services', {
        name: `Nordic WMS ${tag}`,
        kind: 'business',
        customerOrganizationIds: [orgs.nordic],
      });
      const refused = await as('rita', 'POST', '/tickets', {
        title: `Not hers ${tag}`,
        description: '',
        serviceId: (nordicOnly.result as Body).id,
      });
      expect(refused.statusCode).toBe(422);
      expect((refused.result as { details: Array<{ field: string }> }).details[0].field).toBe('payload.serviceId');

      const number = (byName.result as Body).number as string;
      const changed = await as('tomas', 'PATCH', `/tickets/${number}`, { version: (byName.result as Body).version, service: 'Printing' });
      expect(changed.statusCode).toBe(200);
      expect(changed.result).toMatchObject({ service: 'Printing', serviceId: expect.any(String) });
      const cleared = await as('tomas', 'PATCH', `/tickets/${number}`, { version: (changed.result as Body).version, serviceId: null });
      expect(cleared.result).toMatchObject({ service: null, serviceId: null });
    });

    it('has SLA policies and routing rules refer to services by id', async () => {
      const vpn = ((await as('tomas', 'GET', '/services?q=VPN')).result as { items: Array<{ id: string; name: string }> }).items.find(
        (s) => s.name === 'VPN',
      )!;
      const rule = await as('marta', 'POST', '/routing-rules', {
        name: `svc ${tag}`,
        category: `svc-${tag}`,
        service: 'vpn',
        assignmentGroup: 'network',
      });
      expect(rule.statusCode).toBe(201);
      expect(rule.result).toMatchObject({ serviceId: vpn.id, service: 'VPN' });
      const listed = ((await as('marta', 'GET', '/routing-rules')).result as { items: Array<{ id: string; service: string | null }> })
        .items;
      expect(listed.find((r) => r.id === (rule.result as Body).id)?.service).toBe('VPN');
      const unknownRule = await as('marta', 'POST', '/routing-rules', {
        name: `svc2 ${tag}`,
        service: `none-${tag}`,
        assignmentGroup: 'network',
      });
      expect(unknownRule.statusCode).toBe(422);

      const calendar = await as('marta', 'POST', '/business-calendars', {
        name: `svc ${tag}`,
        definition: { timeZone: 'UTC', weekly: { '1': [{ start: '08:00', end: '16:00' }] }, holidays: [] },
      });
      const policy = await as('marta', 'POST', '/sla-policies', {
        name: `svc ${tag}`,
        priority: 'P5',
        serviceId: vpn.id,
        calendarId: (calendar.result as Body).id,
        responseTarget: 'PT1H',
        resolutionTarget: 'PT2H',
      });
      expect(policy.statusCode).toBe(201);
      expect(policy.result).toMatchObject({ serviceId: vpn.id, service: 'VPN' });
      const matched = await as('tomas', 'POST', '/sla/deadlines', { priority: 'P5', service: 'VPN', openedAt: '2026-12-07T08:00:00Z' });
      expect(matched.statusCode).toBe(200);
      expect((matched.result as { policy: { name: string } }).policy.name).toBe(`svc ${tag}`);
    });
  });
});
