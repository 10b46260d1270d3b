import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { AuditEntry } from '../../service-catalog/audit/audit-entry.entity';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';
import { offerService } from '../support/services';
import { createSlaPolicy } from '../support/sla-policies';
const tag = randomUUID().slice(0, 8);
const script = (id: string, expression: string, result: string) =>
  `<bpmn:scriptTask id="${id}"><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="${result}" /></bpmn:extensionElements></bpmn:scriptTask>`;
const audit = (id: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="audit" /><zeebe:taskHeaders><zeebe:header key="action" value="loop.round" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>`;
const gatewayTo = (condition: string, processId: string) =>
  bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" default="f_no" /><bpmn:endEvent id="yes" /><bpmn:endEvent id="no" />
     ${flow('f0', 'start', 'gw')}${flow('f_yes', 'gw', 'yes', condition)}${flow('f_no', 'gw', 'no')}`,
    processId,
  );

/** Each way an instance used to hold a worker for ever, with the element and the budget its incident names. */
const RUNAWAYS = {
  regexBomb: {
    xml: gatewayTo('=matches(text, "(a+)+$")', `regex_bomb_${tag}`),
    variables: { text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' },
    incident: { elementId: 'gw', type: 'CONDITION_ERROR', message: 'the FEEL regular-expression budget refuses matches()' },
  },
  feelLoop: {
    xml: gatewayTo('=count(for i in 1..n return i) > 0', `feel_loop_${tag}`),
    variables: { n: 100_000_000 },
    incident: { elementId: 'gw', type: 'CONDITION_ERROR', message: 'FEEL evaluation budget of 50000 units per step is exhausted' },
  },
  scriptLoop: {
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${script('s', '=i + 1', 'i')}<bpmn:exclusiveGateway id="gw" default="out" /><bpmn:endEvent id="end" />
       ${flow('f0', 'start', 's')}${flow('f1', 's', 'gw')}${flow('back', 'gw', 's', '=i > 0')}${flow('out', 'gw', 'end')}`,
      `script_loop_${tag}`,
    ),
    variables: { i: 0 },
    incident: { elementId: 'gw', type: 'RUNAWAY_LOOP', message: 'runaway-loop budget is exhausted: more than 1000 elements entered' },
  },
  // `audit` runs as a local activity: every round trip passes through without a wait state.
  localActivityLoop: {
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${audit('log')}<bpmn:exclusiveGateway id="gw" default="out" /><bpmn:endEvent id="end" />
       ${flow('f0', 'start', 'log')}${flow('f1', 'log', 'gw')}${flow('back', 'gw', 'log', '=true')}${flow('out', 'gw', 'end')}`,
      `local_loop_${tag}`,
    ),
    variables: {},
    incident: { elementId: 'gw', type: 'RUNAWAY_LOOP', message: 'runaway-loop budget is exhausted' },
  },
} as const;
type Kind = keyof typeof RUNAWAYS;
const processIdOf = (kind: Kind) => /<bpmn:process id="([^"]+)"/.exec(RUNAWAYS[kind].xml)![1]!;

/**
 * Issue 13, defect 3: loops without a wait state, loops through local activities and FEEL that never
 * ends used to fail their workflow task for ever (no incident, cancel answered 500, everyone else
 * waited). Each now stops as an incident on its element, cancel always works, and a new incident
 * still reaches its queue while they run.
 */
describe('runaway process instances', () => {
  let system: TestSystem;
  const incidentProcessId = `incident_runaway_${tag}`;
  const service = `runaway-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: incidentProcessId } });
    await offerService(system, service);
    const as = (method: string, url: string, payload: object) => system.injectAs('marta', { method, url, payload });
    for (const kind of Object.keys(RUNAWAYS) as Kind[])
      expect((await as('POST', '/process-definitions', { xml: RUNAWAYS[kind].xml })).statusCode).toBe(201);
    // The shipped incident process, with what it needs to reach a queue: the matrix, a calendar, a policy.
    expect(
      (await as('POST', '/decision-definitions', { xml: readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8') }))
        .statusCode,
    ).toBeLessThan(300);
    await createSlaPolicy(system, { name: `P3 ${service}`, priority: 'P3', service, responseTarget: 'PT2H', resolutionTarget: 'PT8H' });
    const incidentXml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8').replace(
      /"incident"/g,
      `"${incidentProcessId}"`,
    );
    expect((await as('POST', '/process-definitions', { xml: incidentXml })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  const marta = (method: string, url: string, payload?: object) =>
    system.injectAs('marta', { method, url, ...(payload ? { payload } : {}) });
  const start = async (kind: Kind): Promise<string> => {
    const res = await marta('POST', '/process-instances', { processId: processIdOf(kind), variables: RUNAWAYS[kind].variables });
    expect(res.statusCode).toBe(201);
    return (res.result as Body).id;
  };
  const detail = async (id: string) => (await marta('GET', `/process-instances/${id}`)).result as Body;
  const incidentOf = (id: string) =>
    eventually(async () => {
      const d = await detail(id);
      if (!d.incidents.length) throw new Error(`no incident yet: ${d.status} at ${JSON.stringify(d.activeElementIds)}`);
      return { detail: d, incident: d.incidents[0] as Body };
    });

  it.each(Object.keys(RUNAWAYS) as Kind[])('%s: stops as an incident on its element, shown in the list, and cancels', async (kind) => {
    const id = await start(kind);
    const { detail: stopped, incident } = await incidentOf(id);
    expect(stopped.status).toBe('RUNNING');
    expect(incident).toMatchObject({
      elementId: RUNAWAYS[kind].incident.elementId,
      type: RUNAWAYS[kind].incident.type,
      message: expect.stringContaining(RUNAWAYS[kind].incident.message),
    });
    // The projection (operate's list) carries the same incident and its message.
    await eventually(async () => {
      const page = (await marta('GET', `/process-instances?processId=${processIdOf(kind)}&hasIncident=true`)).result as Body;
      expect(page.items.find((i: Body) => i.id === id)).toMatchObject({
        openIncidentCount: 1,
        incidents: [{ elementId: incident.elementId, message: incident.message }],
      });
    });
    if (kind === 'localActivityLoop') {
      // It stopped: about one audit row per two elements entered, and no more afterwards.
      const rows = await system.adminEm().count(AuditEntry, { processInstanceId: id });
      expect(rows).toBeGreaterThan(400);
      expect(rows).toBeLessThanOrEqual(501);
    }

    const canceled = await marta('POST', `/process-instances/${id}/cancel`, { reason: `runaway ${kind}` });
    expect(canceled.statusCode).toBe(200);
    expect(canceled.result).toMatchObject({ status: 'CANCELED', activeElementIds: [] });
    expect((await detail(id)).status).toBe('CANCELED');
    expect(await system.adminEm().findOne(AuditLog, { entityId: id, action: 'processInstance.canceled' })).toMatchObject({
      actorName: 'marta',
      after: { reason: `runaway ${kind}` },
    });
  });

  it('lets a new incident reach its group queue while three instances of each kind run away', async () => {
    const runaways = await Promise.all((Object.keys(RUNAWAYS) as Kind[]).flatMap((kind) => [start(kind), start(kind), start(kind)]));
    const raisedAt = Date.now();
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: {
        type: 'incident',
        title: `VPN down ${tag}`,
        description: 'since this morning',
        impact: 'low',
        urgency: 'high',
        category: 'network',
        service,
      },
    });
    expect(raised.statusCode).toBe(201);
    const { number, processInstanceId } = raised.result as Body;
    await eventually(async () => {
      const ticket = (await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as Body;
      expect(ticket.assignmentGroup).toEqual(expect.any(String));
      const listed = (await marta('GET', `/process-instances?businessKey=${number}`)).result as Body;
      expect(listed.items).toMatchObject([{ id: processInstanceId }]);
      expect(listed.items[0].openTasks.length).toBeGreaterThan(0);
    });
    console.log(
      `incident ${number} reached its group's queue ${Date.now() - raisedAt} ms after POST /tickets, beside ${runaways.length} runaway instances`,
    );
    // Every runaway stopped as an incident meanwhile; none is left spinning.
    for (const id of runaways) await incidentOf(id);
  });
});
