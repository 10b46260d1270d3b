// Over 300 lines because its cases share one started system and the routing fixtures.
// Over 300 lines on purpose: the rules API, the routing decision and the ticket-route task share one
// system and one set of groups, agents and rules built in beforeAll; split, each file would build them again.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { RuleViolation, StaleVersion } from '../../service-catalog/errors';
import { Group } from '../../service-catalog/identity/domain/group.entity';
import { loadPrincipal } from '../../service-catalog/identity/domain/directory';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { RoutingService } from '../../service-catalog/routing/domain/routing-service';
import { TicketService, type NewTicket } from '../../service-catalog/tickets/domain/ticket-service';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { writeTicketNow } from '../../service-catalog/tickets/domain/ticket-writes';
import { createRoutingActivities } from '../../workflows/activities/routing-activities';
import { eventually } from '../support/eventually';
import { instanceRecord } from '../support/instance-record';
import { TestSystem } from '../support/test-system';

interface RuleBody {
  id: string;
  name: string;
  position: number;
  category: string | null;
  service: string | null;
  assignmentGroup: string;
  requiredSkills: string[];
}
type ErrorBody = { code?: string; message: string; details: Array<{ field: string }> };
const fields = (body: unknown) => (body as ErrorBody).details.map((d) => d.field);

/**
 * Routing against the real database: rules (first match by position, default group) and each group
 * strategy, through the API and RoutingService; the `ticket-route` activity in a real worker feeding
 * a user task's candidate group and assignee. Everything here is named with this run's tag, so the
 * global rule list shared with other test files never routes their tickets.
 */
describe('routing', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const password = 'routing-pass-1';
  const processId = `route_${tag}`;
  const g = { rr: `rr-${tag}`, ll: `ll-${tag}`, sk: `sk-${tag}`, mn: `mn-${tag}` };
  const ids: Record<string, string> = {};
  const admin = (method: string, url: string, payload?: object) =>
    system.injectAs('admin', { method, url, ...(payload ? { payload } : {}) });
  const owner = (method: string, url: string, payload?: object) =>
    system.injectAs('marta', { method, url, ...(payload ? { payload } : {}) });
  const name = (who: string) => `rt-${tag}-${who}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}`, request: processId } });
    expect((await admin('POST', '/groups', { key: g.rr, name: 'Round robin', routingStrategy: 'round-robin' })).statusCode).toBe(201);
    expect((await admin('POST', '/groups', { key: g.ll, name: 'Least loaded', routingStrategy: 'least-loaded' })).statusCode).toBe(201);
    expect((await admin('POST', '/groups', { key: g.sk, name: 'Skilled' })).statusCode).toBe(201);
    expect((await admin('POST', '/groups', { key: g.mn, name: 'Manual' })).statusCode).toBe(201);
    const groupIds = Object.fromEntries((await system.adminEm().find(Group, { key: { $in: Object.values(g) } })).map((x) => [x.key, x.id]));
    const people: Array<[string, string, string, string[]]> = [
      ['ana', 'agent', g.rr, []],
      ['ben', 'agent', g.rr, []],
      ['carl', 'agent', g.rr, []],
      ['olga', 'process-owner', g.rr, []],
      ['dana', 'agent', g.ll, []],
      ['emil', 'agent', g.ll, []],
      ['fay', 'technician', g.ll, []],
      ['gus', 'agent', g.sk, ['VPN', 'network']],
      ['hana', 'agent', g.sk, ['network']],
      ['ivan', 'agent', g.sk, ['vpn', 'network']],
      ['jan', 'agent', g.mn, []],
    ];
    for (const [who, role, group, skills] of people) {
      const res = await admin('POST', '/users', {
        username: name(who),
        displayName: who,
        password,
        roles: [role],
        groupIds: [groupIds[group]],
        skills,
      });
      expect(res.statusCode).toBe(201);
      ids[who] = (res.result as { id: string }).id;
      await system.tokenFor(name(who), password);
    }
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" />
       <bpmn:serviceTask id="route"><bpmn:extensionElements><zeebe:taskDefinition type="ticket-route" /></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:userTask id="work"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="=assignmentGroup" assignee="=assigneeUsername" /></bpmn:extensionElements></bpmn:userTask>
       <bpmn:endEvent id="e" />
       ${flow('f0', 's', 'route')}${flow('f1', 'route', 'work')}${flow('f2', 'work', 'e')}`,
      processId,
    );
    expect((await owner('POST', '/process-definitions', { xml })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  const createRule = async (payload: object) => {
    const res = await owner('POST', '/routing-rules', payload);
    expect(res.statusCode).toBe(201);
    return res.result as RuleBody;
  };
  const adminPrincipal = async () =>
    (await loadPrincipal(system.adminEm(), (await system.adminEm().findOneOrFail(User, { username: 'admin' })).id, 'jwt'))!;
  const raise = async (input: Partial<NewTicket>) =>
    (
      await new TicketService(system.adminEm()).create(await adminPrincipal(), {
        type: 'incident',
        title: `Routing ${tag}`,
        description: 'routing',
        ...input,
      })
    ).ticket;
  const route = async (ticketId: string) => new RoutingService(system.adminEm()).route(ticketId, systemActor('routing test'));
  const routeNew = async (input: Partial<NewTicket>) => route((await raise(input)).id);
  const who = (assigneeId: string | null) => Object.entries(ids).find(([, id]) => id === assigneeId)?.[0] ?? null;
  const setAvailable = async (person: string, available: boolean) => {
    const res = await system.injectAs(name(person), { method: 'PUT', url: '/me/availability', payload: { available } });
    expect(res.statusCode).toBe(200);
    expect(res.result).toMatchObject({ available });
  };

  describe('rules API', () => {
    it('refuses an unknown group or organisation with a 422 naming the field, and bad input with a 400, writing nothing', async () => {
      const unknownGroup = await owner('POST', '/routing-rules', {
        name: `Nowhere ${tag}`,
        category: `c-${tag}`,
        assignmentGroup: `missing-${tag}`,
      });
      expect(unknownGroup.statusCode).toBe(422);
      expect(unknownGroup.result).toMatchObject({ code: 'UNKNOWN_GROUP', details: [{ field: 'payload.assignmentGroup' }] });
      // Organisations are under row-level security: to a process owner an unknown one is one she does
      // not serve (403); the admin, who sees every organisation, is told it does not exist.
      const unservedOrg = await owner('POST', '/routing-rules', {
        name: `No org ${tag}`,
        organizationId: randomUUID(),
        assignmentGroup: g.mn,
      });
      expect(unservedOrg.statusCode).toBe(403);
      expect((unservedOrg.result as { message: string }).message).toMatch(/^payload\.organizationId: /);
      const unknownOrg = await admin('POST', '/routing-rules', {
        name: `No org ${tag}`,
        organizationId: randomUUID(),
        assignmentGroup: g.mn,
      });
      expect(unknownOrg.statusCode).toBe(422);
      expect(fields(unknownOrg.result)).toEqual(['payload.organizationId']);
      const bad = await owner('POST', '/routing-rules', {
        category: 'x',
        priority: 'urgent',
        requiredSkills: ['ok', '!!'],
        assignmentGroup: g.mn,
      });
      expect(bad.statusCode).toBe(400);
      expect(fields(bad.result)).toEqual(expect.arrayContaining(['payload.name', 'payload.priority', 'payload.requiredSkills.1']));
      const tooFar = await owner('POST', '/routing-rules', { name: `Far ${tag}`, position: 10_000, assignmentGroup: g.mn });
      expect(tooFar.statusCode).toBe(422);
      expect(fields(tooFar.result)).toEqual(['payload.position']);
      const list = (await owner('GET', '/routing-rules')).result as { items: RuleBody[] };
      expect(list.items.filter((r) => r.name.endsWith(tag))).toEqual([]);
    });

    it('creates, inserts at a position, moves, reorders and deletes, keeping positions 1..n', async () => {
      const mine = async () => {
        // Positions stay dense whatever other test files add meanwhile. Only the whole order is dense: a
        // process owner does not see the rules of customers she does not serve (row-level security), so
        // her own list may skip their positions.
        const all = (await system.injectAs('admin', { method: 'GET', url: '/routing-rules' })).result as { items: RuleBody[] };
        expect(all.items.map((r) => r.position)).toEqual(all.items.map((_r, i) => i + 1));
        const list = (await system.injectAs(name('ana'), { method: 'GET', url: '/routing-rules' })).result as {
          items: RuleBody[];
          defaultGroup: string | null;
        };
        return list.items.filter((r) => r.name.startsWith(`crud ${tag}`)).map((r) => r.name.slice(`crud ${tag} `.length));
      };
      const a = await createRule({ name: `crud ${tag} a`, category: `crud-${tag}`, assignmentGroup: g.mn, requiredSkills: ['Network '] });
      expect(a).toMatchObject({ category: `crud-${tag}`, service: null, requiredSkills: ['network'] });
      const b = await createRule({ name: `crud ${tag} b`, category: `crud-${tag}`, assignmentGroup: g.mn, position: a.position });
      expect(b.position).toBe(a.position);
      const c = await createRule({ name: `crud ${tag} c`, category: `crud-${tag}`, assignmentGroup: g.mn });
      expect(await mine()).toEqual(['b', 'a', 'c']);

      const taken = await owner('POST', '/routing-rules', { name: `crud ${tag} a`, assignmentGroup: g.mn });
      expect(taken.statusCode).toBe(409);

      const moved = await owner('PATCH', `/routing-rules/${c.id}`, { position: b.position, service: 'VPN' });
      expect(moved.statusCode).toBe(200);
      expect(moved.result).toMatchObject({ position: b.position, service: 'VPN' });
      expect(await mine()).toEqual(['c', 'b', 'a']);
      const badPatch = await owner('PATCH', `/routing-rules/${c.id}`, { assignmentGroup: `missing-${tag}` });
      expect(badPatch.statusCode).toBe(422);
      expect(fields(badPatch.result)).toEqual(['payload.assignmentGroup']);

      const reordered = await owner('PUT', '/routing-rules/order', { ids: [a.id, c.id, b.id] });
      expect(reordered.statusCode).toBe(200);
      expect(await mine()).toEqual(['a', 'c', 'b']);
      const unknown = await owner('PUT', '/routing-rules/order', { ids: [a.id, randomUUID()] });
      expect(unknown.statusCode).toBe(422);
      expect(fields(unknown.result)).toEqual(['payload.ids']);
      expect(await mine()).toEqual(['a', 'c', 'b']);

      expect((await owner('DELETE', `/routing-rules/${c.id}`)).statusCode).toBe(204);
      expect((await owner('GET', `/routing-rules/${c.id}`)).statusCode).toBe(404);
      expect((await owner('DELETE', `/routing-rules/${c.id}`)).statusCode).toBe(404);
      expect(await mine()).toEqual(['a', 'b']);
      for (const r of [a, b]) expect((await owner('DELETE', `/routing-rules/${r.id}`)).statusCode).toBe(204);

      const trail = await system
        .adminEm()
        .find(AuditLog, { entity: 'RoutingRule', entityId: { $in: [a.id, c.id] } }, { orderBy: { id: 'asc' } });
      expect(trail.map((t) => [t.actorName, t.action])).toEqual(
        expect.arrayContaining([
          ['marta', 'routingRule.created'],
          ['marta', 'routingRule.updated'],
          ['marta', 'routingRule.deleted'],
        ]),
      );
    });

    it('sets the default group only to a group that exists', async () => {
      const bad = await owner('PUT', '/routing-rules/default', { assignmentGroup: `missing-${tag}` });
      expect(bad.statusCode).toBe(422);
      expect(fields(bad.result)).toEqual(['payload.assignmentGroup']);
      // Other test files share the default: set it to what it is.
      const ok = await owner('PUT', '/routing-rules/default', { assignmentGroup: 'service-desk' });
      expect(ok.result).toEqual({ defaultGroup: 'service-desk' });
      expect(((await owner('GET', '/routing-rules')).result as { defaultGroup: string }).defaultGroup).toBe('service-desk');
    });
  });

  describe('groups and agents', () => {
    it('changes a group strategy (admin), naming a bad value and answering 404 for an unknown group', async () => {
      const ok = await admin('PATCH', `/groups/${g.sk}`, { routingStrategy: 'skills' });
      expect(ok.statusCode).toBe(200);
      expect(ok.result).toMatchObject({ key: g.sk, routingStrategy: 'skills' });
      const bad = await admin('PATCH', `/groups/${g.sk}`, { routingStrategy: 'lottery' });
      expect(bad.statusCode).toBe(400);
      expect(fields(bad.result)).toEqual(['payload.routingStrategy']);
      expect((await admin('PATCH', `/groups/missing-${tag}`, { routingStrategy: 'manual' })).statusCode).toBe(404);
      const listed = ((await admin('GET', '/groups?limit=100')).result as { items: Array<{ key: string; routingStrategy: string }> }).items;
      expect(
        listed
          .filter((x) => Object.values(g).includes(x.key))
          .map((x) => [x.key, x.routingStrategy])
          .sort(),
      ).toEqual(
        [
          [g.ll, 'least-loaded'],
          [g.mn, 'manual'],
          [g.rr, 'round-robin'],
          [g.sk, 'skills'],
        ].sort(),
      );
    });

    it('lets an agent set their own availability and an admin their skills; a requester has no availability', async () => {
      await setAvailable('jan', false);
      expect(((await system.injectAs(name('jan'), { method: 'GET', url: '/me' })).result as { available: boolean }).available).toBe(false);
      await setAvailable('jan', true);
      expect((await system.injectAs('rita', { method: 'PUT', url: '/me/availability', payload: { available: false } })).statusCode).toBe(
        403,
      );
      const skills = await admin('PATCH', `/users/${ids.jan}`, { skills: ['Printing', 'windows'] });
      expect(skills.result).toMatchObject({ skills: ['printing', 'windows'], available: true });
      const badSkills = await admin('PATCH', `/users/${ids.jan}`, { skills: ['ok', 'ok'] });
      expect(badSkills.statusCode).toBe(400);
      expect(fields(badSkills.result)).toEqual(['payload.skills.1']);
      // Skills are the admin's to set, not the agent's.
      expect((await system.injectAs(name('jan'), { method: 'PATCH', url: '/me', payload: { skills: ['everything'] } })).statusCode).toBe(
        400,
      );
    });
  });

  describe('strategies', () => {
    const category = { rr: `rr-${tag}`, ll: `ll-${tag}`, sk: `sk-${tag}`, mn: `mn-${tag}` };
    beforeAll(async () => {
      await createRule({ name: `rr ${tag}`, category: category.rr, assignmentGroup: g.rr });
      await createRule({ name: `ll ${tag}`, category: category.ll, assignmentGroup: g.ll });
      await createRule({ name: `sk vpn ${tag}`, category: category.sk, service: 'VPN', assignmentGroup: g.sk, requiredSkills: ['vpn'] });
      await createRule({ name: `sk fw ${tag}`, category: category.sk, assignmentGroup: g.sk, requiredSkills: ['vpn', 'firewall'] });
      await createRule({ name: `mn ${tag}`, category: category.mn, assignmentGroup: g.mn });
    });

    it('round-robin rotates through available agents (never the process owner), skips an unavailable one and wraps around', async () => {
      const order: Array<string | null> = [];
      for (let i = 0; i < 4; i++) order.push(who((await routeNew({ category: category.rr })).assigneeId));
      expect(order).toEqual(['ana', 'ben', 'carl', 'ana']);
      await setAvailable('ben', false);
      const skipping: Array<string | null> = [];
      for (let i = 0; i < 3; i++) skipping.push(who((await routeNew({ category: category.rr })).assigneeId));
      expect(skipping).toEqual(['carl', 'ana', 'carl']);
      await setAvailable('ben', true);
      expect(who((await routeNew({ category: category.rr })).assigneeId)).toBe('ana');
      expect(who((await routeNew({ category: category.rr })).assigneeId)).toBe('ben');
    });

    it('round-robin keeps its rotation under concurrent routing: each agent gets an equal share', async () => {
      const tickets = await Promise.all(Array.from({ length: 6 }, () => raise({ category: category.rr })));
      const decisions = await Promise.all(tickets.map((t) => route(t.id)));
      const counts = decisions.reduce<Record<string, number>>(
        (acc, d) => ({ ...acc, [who(d.assigneeId)!]: (acc[who(d.assigneeId)!] ?? 0) + 1 }),
        {},
      );
      expect(counts).toEqual({ ana: 2, ben: 2, carl: 2 });
    });

    it('least-loaded picks the agent with fewest open tickets, not counting resolved ones; ties by least recently assigned, then username', async () => {
      await raise({ assignmentGroup: g.ll, assigneeId: ids.dana });
      await raise({ assignmentGroup: g.ll, assigneeId: ids.dana });
      await raise({ assignmentGroup: g.ll, assigneeId: ids.emil });
      await raise({ assignmentGroup: g.ll, assigneeId: ids.fay });
      const done = await raise({ assignmentGroup: g.ll, assigneeId: ids.fay });
      await system.adminEm().nativeUpdate(Ticket, { id: done.id }, { state: 'resolved' });
      // emil 1, fay 1 (+1 resolved), dana 2: emil and fay tie, neither routed before → username.
      const first = await routeNew({ category: category.ll });
      expect(first).toMatchObject({
        assignmentGroup: g.ll,
        strategy: 'least-loaded',
        groupFrom: 'rule',
        rule: { name: `ll ${tag}` },
        outcome: 'chosen',
      });
      expect(who(first.assigneeId)).toBe('emil');
      expect(who((await routeNew({ category: category.ll })).assigneeId)).toBe('fay');
      // All at 2 now: dana was never routed a ticket, so she was assigned least recently.
      expect(who((await routeNew({ category: category.ll })).assigneeId)).toBe('dana');
      expect(who((await routeNew({ category: category.ll })).assigneeId)).toBe('emil');
      await setAvailable('fay', false);
      expect(who((await routeNew({ category: category.ll })).assigneeId)).toBe('dana');
      await setAvailable('fay', true);
    });

    it('skills chooses among available members with every required skill; nobody qualifying leaves the ticket in the queue', async () => {
      await admin('PATCH', `/groups/${g.sk}`, { routingStrategy: 'skills' });
      await setAvailable('ivan', false);
      const vpn = await routeNew({ category: category.sk, service: 'vpn' });
      expect(vpn).toMatchObject({ assignmentGroup: g.sk, rule: { name: `sk vpn ${tag}` }, strategy: 'skills', outcome: 'chosen' });
      expect(who(vpn.assigneeId)).toBe('gus');
      const firewall = await routeNew({ category: category.sk, service: 'Firewall' });
      expect(firewall).toMatchObject({
        assignmentGroup: g.sk,
        assigneeId: null,
        rule: { name: `sk fw ${tag}` },
        outcome: 'nobody-has-the-skills',
      });
      await setAvailable('ivan', true);
      // Ivan is back and has both skills with less load than Gus.
      expect(who((await routeNew({ category: category.sk, service: 'VPN' })).assigneeId)).toBe('ivan');
    });

    it('manual leaves the ticket unassigned in the group queue; nobody available does the same', async () => {
      const manual = await routeNew({ category: category.mn });
      expect(manual).toMatchObject({ assignmentGroup: g.mn, assigneeId: null, strategy: 'manual', outcome: 'manual' });
      const row = await system.adminEm().findOneOrFail(Ticket, { assignmentGroup: g.mn, assigneeId: null, category: category.mn });
      expect(row.assignmentGroup).toBe(g.mn);
      await admin('PATCH', `/groups/${g.mn}`, { routingStrategy: 'least-loaded' });
      await setAvailable('jan', false);
      expect(await routeNew({ category: category.mn })).toMatchObject({
        assignmentGroup: g.mn,
        assigneeId: null,
        outcome: 'nobody-available',
      });
      await setAvailable('jan', true);
      await admin('PATCH', `/groups/${g.mn}`, { routingStrategy: 'manual' });
    });

    it('keeps a group the desk set and an assignee already chosen; an unmatched ticket goes to the default group', async () => {
      const deskGroup = await routeNew({ category: category.ll, assignmentGroup: g.mn });
      expect(deskGroup).toMatchObject({ assignmentGroup: g.mn, groupFrom: 'ticket', rule: null, assigneeId: null });
      const preassigned = await routeNew({ category: category.rr, assigneeId: ids.jan });
      expect(preassigned).toMatchObject({ assignmentGroup: g.rr, assigneeId: ids.jan, assigneeUsername: name('jan'), outcome: 'kept' });
      const unmatched = await routeNew({ category: `nothing-${tag}` });
      expect(unmatched).toMatchObject({ assignmentGroup: 'service-desk', groupFrom: 'default', rule: null });
    });

    it('a ticket write under the lock that finds the version moved is a StaleVersion and leaves nothing behind', async () => {
      // The write is its transaction's last statement with the commit sent behind it, so it checks the
      // version itself (flowdesk_expect_row) instead of the caller reading an empty answer.
      const ticket = await raise({ category: category.rr });
      const groupBefore = await system.adminEm().findOneOrFail(Group, { key: g.rr }, { refresh: true });
      const attempt = system.adminEm().transactional(async (em) => {
        const read = await em.findOneOrFail(Ticket, { id: ticket.id });
        await em.execute('update ticket set version = version + 1 where id = ?', [ticket.id]);
        await writeTicketNow(
          em,
          read,
          { assignmentGroup: g.rr, assigneeId: ids.ana },
          { actor: systemActor('routing test'), action: 'ticket.routed', before: {}, after: {} },
          [{ sql: 'update assignment_group set round_robin_cursor = ? where id = ?', params: ['moved', groupBefore.id] }],
          { sql: 'flowdesk_user_assigned(?, ?)', params: [ids.ana, new Date()] },
        );
      });
      await expect(attempt).rejects.toThrow(StaleVersion);
      await expect(attempt).rejects.toThrow(/changed meanwhile/);
      const after = await system.adminEm().findOneOrFail(Ticket, { id: ticket.id }, { refresh: true });
      expect(after).toMatchObject({ version: ticket.version, assignmentGroup: null, assigneeId: null });
      expect((await system.adminEm().findOneOrFail(Group, { key: g.rr }, { refresh: true })).roundRobinCursor).toBe(
        groupBefore.roundRobinCursor,
      );
      expect(await system.adminEm().count(AuditLog, { entity: 'Ticket', entityId: ticket.id, action: 'ticket.routed' })).toBe(0);
      // The pooled connection that carried it serves the next route.
      expect((await route(ticket.id)).outcome).toBe('chosen');
    });

    it('refuses to route into a group that does not exist, changing nothing', async () => {
      const ticket = await raise({ assignmentGroup: `missing-${tag}` });
      await expect(route(ticket.id)).rejects.toThrow(RuleViolation);
      await expect(route(ticket.id)).rejects.toThrow(/group "missing-.*", which does not exist/);
      expect((await system.adminEm().findOneOrFail(Ticket, { id: ticket.id })).version).toBe(ticket.version);
    });

    it('writes the ticket once and audits who decided, with before and after; routing again changes nothing', async () => {
      const ticket = await raise({ category: category.rr });
      const decision = await route(ticket.id);
      const again = await route(ticket.id);
      expect(again).toMatchObject({
        assignmentGroup: decision.assignmentGroup,
        assigneeId: decision.assigneeId,
        assigneeUsername: decision.assigneeUsername,
        outcome: 'kept',
      });
      const row = await system.adminEm().findOneOrFail(Ticket, { id: ticket.id });
      expect(row).toMatchObject({ assignmentGroup: g.rr, assigneeId: decision.assigneeId, version: ticket.version + 1 });
      const trail = await system.adminEm().find(AuditLog, { entity: 'Ticket', entityId: ticket.id, action: 'ticket.routed' });
      expect(trail.map((t) => [t.actorName, t.before, t.after])).toEqual([
        [
          'system:routing test',
          { assignmentGroup: null, assigneeId: null },
          {
            assignmentGroup: g.rr,
            assigneeId: decision.assigneeId,
            rule: `rr ${tag}`,
            groupFrom: 'rule',
            strategy: 'round-robin',
            outcome: 'chosen',
          },
        ],
      ]);
    });
  });

  describe('the ticket-route activity', () => {
    const category = `act-${tag}`;
    beforeAll(async () => {
      await createRule({ name: `act ${tag}`, category, priority: 'P2', assignmentGroup: g.rr });
    });
    const activity = () => createRoutingActivities({ orm: system.orm })['ticket-route'];
    // The tickets here are internal (raised by an admin without an organisation): so is the instance.
    const input = async (variables: Record<string, unknown>) => ({
      processInstanceId: await instanceRecord(system, processId),
      processId: 'route-spec',
      elementId: 'route',
      elementInstanceKey: 1,
      headers: {},
      variables,
    });

    it('routes on the process variables over the ticket fields, and a retry answers the same without moving the rotation', async () => {
      // The ticket row has no priority yet; the process computed P2.
      const ticket = await raise({ category });
      const task = await input({ ticketId: ticket.id, priority: 'P2' });
      const first = await activity()(task);
      expect(first).toEqual({ assignmentGroup: g.rr, assigneeId: expect.any(String), assigneeUsername: expect.stringMatching(/^rt-/) });
      expect(first.assigneeUsername).toBe(name(who(first.assigneeId)!));
      const retried = await activity()(task);
      expect(retried).toEqual(first);
      const group = await system.adminEm().findOneOrFail(Group, { key: g.rr });
      expect(group.roundRobinCursor).toBe(name(who(first.assigneeId)!));
    });

    it('fails without a retry when the process has no ticketId or the route is misconfigured', async () => {
      await expect(activity()(await input({}))).rejects.toMatchObject({ nonRetryable: true, type: 'MISSING_VARIABLE' });
      const ticket = await raise({ assignmentGroup: `missing-${tag}` });
      const failure = await activity()(await input({ ticketId: ticket.id })).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ nonRetryable: true, type: 'UNKNOWN_GROUP' });
    });

    it('in a real worker, feeds the next user task its candidate group and assignee, who may complete it', async () => {
      const created = await system.injectAs('tomas', {
        method: 'POST',
        url: '/tickets',
        payload: { type: 'request', title: `Route me ${tag}`, category, priority: 'P2' },
      });
      expect(created.statusCode).toBe(201);
      const { number, processInstanceId } = created.result as { number: string; processInstanceId: string };
      const task = await eventually(async () => {
        const found = (
          (await admin('GET', `/process-instances/${processInstanceId}`)).result as {
            openTasks: Array<{ id: string; elementId: string; candidateGroups?: string[]; assignee?: string }>;
          }
        ).openTasks[0];
        if (!found) throw new Error('no task yet');
        return found;
      });
      const row = await system.adminEm().findOneOrFail(Ticket, { number });
      expect(row.assignmentGroup).toBe(g.rr);
      expect(row.assigneeId).toEqual(expect.any(String));
      const assignee = who(row.assigneeId ?? null)!;
      expect(task).toMatchObject({ elementId: 'work', candidateGroups: [g.rr], assignee: name(assignee) });
      expect(
        (await system.injectAs(name('jan'), { method: 'POST', url: `/tasks/${task.id}/complete`, payload: { variables: {} } })).statusCode,
      ).toBe(403);
      expect(
        (await system.injectAs(name(assignee), { method: 'POST', url: `/tasks/${task.id}/complete`, payload: { variables: {} } }))
          .statusCode,
      ).toBe(200);
      const trail = await system.adminEm().find(AuditLog, { entity: 'Ticket', entityId: row.id, action: 'ticket.routed' });
      expect(trail.map((t) => t.actorName)).toEqual([`system:process ${processId}`]);
    });
  });
});
