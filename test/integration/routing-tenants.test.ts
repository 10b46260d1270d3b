import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { RoutingService } from '../../service-catalog/routing/domain/routing-service';
import { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
const STRATEGIES = ['round-robin', 'least-loaded', 'skills'] as const;

/**
 * Issue 13, defect 4: a ticket is only ever given to someone who serves its organisation. Routing
 * passes over group members who serve other customers (whatever the strategy), leaving the ticket in
 * the group's unassigned queue when nobody serves it; every manual way of assigning refuses them.
 * Member names are chosen so that, without the rule, each strategy would pick the wrong one first
 * (`aa` sorts first and is as free as `zz`).
 */
describe('routing and assignment respect the ticket’s organisation', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const routed = `tnr_${tag}`;
  const orgs: { nordic: string; baltic: string } = { nordic: '', baltic: '' };
  const ids: Record<string, string> = {};
  const name = (who: string) => `tn-${tag}-${who}`;
  const group = (strategy: string, kind: 'other' | 'mixed') => `tn-${kind}-${strategy}-${tag}`;
  const category = (strategy: string, kind: 'other' | 'mixed') => `tn-${kind}-${strategy}-${tag}`;
  const admin = (method: string, url: string, payload?: object) =>
    system.injectAs('admin', { method, url, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: `none_${tag}`, request: routed } });
    const em = system.adminEm();
    orgs.nordic = (await em.findOneOrFail(Organization, { name: 'Nordic Logistics AS' })).id;
    orgs.baltic = (await em.findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    const groupIds: Record<string, string> = {};
    for (const strategy of STRATEGIES) {
      for (const kind of ['other', 'mixed'] as const) {
        const res = await admin('POST', '/groups', { key: group(strategy, kind), name: `${kind} ${strategy}`, routingStrategy: strategy });
        expect(res.statusCode).toBe(201);
        groupIds[group(strategy, kind)] = (res.result as Body).id;
        expect(
          (
            await system.injectAs('marta', {
              method: 'POST',
              url: '/routing-rules',
              payload: {
                name: `tn ${kind} ${strategy} ${tag}`,
                category: category(strategy, kind),
                assignmentGroup: group(strategy, kind),
                ...(strategy === 'skills' ? { requiredSkills: ['vpn'] } : {}),
              },
            })
          ).statusCode,
        ).toBe(201);
      }
    }
    const all = (kind: 'other' | 'mixed') => STRATEGIES.map((s) => groupIds[group(s, kind)]);
    // aa serves Baltic only and sits in every group; zz serves Nordic and is only in the mixed ones.
    for (const [who, serves, groups] of [
      ['aa', [orgs.baltic], [...all('other'), ...all('mixed')]],
      ['zz', [orgs.nordic], all('mixed')],
    ] as const) {
      const res = await admin('POST', '/users', {
        username: name(who),
        displayName: who,
        password: 'routing-tenants-1',
        roles: ['agent'],
        groupIds: groups,
        servedOrganizationIds: serves,
        skills: ['vpn'],
      });
      expect(res.statusCode).toBe(201);
      ids[who] = (res.result as Body).id;
    }
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:serviceTask id="route"><bpmn:extensionElements><zeebe:taskDefinition type="ticket-route" /></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:userTask id="work" /><bpmn:endEvent id="e" />${flow('f0', 's', 'route')}${flow('f1', 'route', 'work')}${flow('f2', 'work', 'e')}`,
      routed,
    );
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  const raise = async (organizationId: string | null, payload: Body) => {
    const res = await admin('POST', '/tickets', { title: `Routing tenants ${tag}`, organizationId, ...payload });
    expect(res.statusCode).toBe(201);
    return res.result as Body;
  };
  const route = async (ticketId: string) => new RoutingService(system.adminEm()).route(ticketId, systemActor('tenant routing test'));
  const who = (assigneeId: string | null) => Object.entries(ids).find(([, id]) => id === assigneeId)?.[0] ?? null;

  it.each(STRATEGIES)(
    '%s leaves a ticket in the group’s unassigned queue when its only available agent serves another organisation',
    async (strategy) => {
      const ticket = await raise(orgs.nordic, { category: category(strategy, 'other') });
      const decision = await route(ticket.id);
      expect(decision).toMatchObject({
        assignmentGroup: group(strategy, 'other'),
        assigneeId: null,
        outcome: 'nobody-serves-the-organisation',
      });
      expect(await system.adminEm().findOneOrFail(Ticket, { id: ticket.id })).toMatchObject({
        assignmentGroup: group(strategy, 'other'),
        assigneeId: null,
      });
      // The same agent does get a ticket of the organisation they serve.
      expect(who((await route((await raise(orgs.baltic, { category: category(strategy, 'other') })).id)).assigneeId)).toBe('aa');
    },
  );

  it.each(STRATEGIES)('%s gives a mixed group’s tickets only to the agent who serves their organisation', async (strategy) => {
    const nordic: Array<string | null> = [];
    for (let i = 0; i < 3; i++)
      nordic.push(who((await route((await raise(orgs.nordic, { category: category(strategy, 'mixed') })).id)).assigneeId));
    expect(nordic).toEqual(['zz', 'zz', 'zz']);
    expect(who((await route((await raise(orgs.baltic, { category: category(strategy, 'mixed') })).id)).assigneeId)).toBe('aa');
  });

  it('routes through the ticket-route task of a running process the same way', async () => {
    const ticket = await raise(orgs.nordic, { type: 'request', category: category('round-robin', 'other') });
    const row = await eventually(async () => {
      const found = await system.adminEm().findOneOrFail(Ticket, { id: ticket.id }, { refresh: true });
      if (!found.assignmentGroup) throw new Error('not routed yet');
      return found;
    }, 60_000);
    expect(row).toMatchObject({ assignmentGroup: group('round-robin', 'other'), assigneeId: null });
  });

  it('refuses to assign a ticket by hand to an agent who does not serve its organisation, on every route that assigns', async () => {
    const ticket = await raise(orgs.nordic, { category: `tn-unrouted-${tag}` });
    const refused = (res: { statusCode: number; result: unknown }, field: string) => {
      expect(res.statusCode).toBe(400);
      expect(res.result).toMatchObject({ code: 'ASSIGNEE_DOES_NOT_SERVE_ORGANIZATION', details: [{ field }] });
    };
    const version = (await system.adminEm().findOneOrFail(Ticket, { id: ticket.id })).version;
    refused(
      await admin('POST', `/tickets/${ticket.number}/assignment`, {
        version,
        assignmentGroup: group('least-loaded', 'mixed'),
        assigneeId: ids.aa,
      }),
      'payload.assigneeId',
    );
    refused(await admin('PATCH', `/tickets/${ticket.number}`, { version, assigneeId: ids.aa }), 'payload.assigneeId');
    refused(
      await admin('POST', '/tickets', { title: `Never raised ${tag}`, organizationId: orgs.nordic, assigneeId: ids.aa }),
      'payload.assigneeId',
    );
    expect(await system.adminEm().count(Ticket, { title: `Never raised ${tag}` })).toBe(0);
    expect(await system.adminEm().findOneOrFail(Ticket, { id: ticket.id })).toMatchObject({ version, assigneeId: null });

    const assigned = await admin('POST', `/tickets/${ticket.number}/assignment`, {
      version,
      assignmentGroup: group('least-loaded', 'mixed'),
      assigneeId: ids.zz,
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.result).toMatchObject({ assigneeId: ids.zz });
  });

  it('fails a process that writes such an assignee onto the ticket, as an incident', async () => {
    const processId = `tn_assign_${tag}`;
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:serviceTask id="assign"><bpmn:extensionElements><zeebe:taskDefinition type="ticket-update" retries="1" /><zeebe:taskHeaders><zeebe:header key="fields" value="assigneeId" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:endEvent id="e" />${flow('f0', 's', 'assign')}${flow('f1', 'assign', 'e')}`,
      processId,
    );
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    const ticket = await raise(orgs.nordic, { category: `tn-unrouted-${tag}` });
    const started = await admin('POST', '/process-instances', {
      processId,
      organizationId: orgs.nordic,
      variables: { ticketId: ticket.id, assigneeId: ids.aa },
    });
    const id = (started.result as Body).id as string;
    const incident = await eventually(async () => {
      const found = ((await admin('GET', `/process-instances/${id}`)).result as Body).incidents[0];
      if (!found) throw new Error('no incident yet');
      return found as Body;
    }, 60_000);
    expect(incident).toMatchObject({
      elementId: 'assign',
      message: expect.stringContaining(`${name('aa')} does not serve the ticket's organisation`),
    });
    expect((await system.adminEm().findOneOrFail(Ticket, { id: ticket.id })).assigneeId).toBeNull();
  });
});
