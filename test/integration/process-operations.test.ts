// Over 300 lines because its cases share one started system and deployed diagrams.
import { ApplicationFailure } from '@temporalio/activity';
import type { ServiceTaskInput } from '../../workflows/client';
import { AuditLog } from '../../service-catalog/audit/audit-log.entity';
import { eventually } from '../support/eventually';
import { incidentProcess } from '../support/fixtures';
import { TestSystem } from '../support/test-system';
import type { Body } from '../support/json-body';

/**
 * Scenario 2, the process owner's day, through the API: validate, diff, deploy, activate/archive,
 * search instances from the projection, set variables, retry an incident, cancel, migrate.
 */
describe('process owner operations', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({
      extraActivities: {
        // Fails until a process owner sets `smtpFixed`, the way a misconfigured mail relay would.
        async notify(input: ServiceTaskInput) {
          if (input.variables.smtpFixed !== true) throw ApplicationFailure.nonRetryable('SMTP refused');
          return { notified: true };
        },
      },
    });
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = (username: string) => (method: string, url: string, payload?: unknown) =>
    system.injectAs(username, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const marta = as('marta'); // process owner
  const tomas = as('tomas'); // agent
  const rita = as('rita'); // requester
  async function deploy(xml: string): Promise<Body> {
    const res = await marta('POST', '/process-definitions', { xml });
    expect(res.statusCode).toBe(201);
    return res.result as Body;
  }
  async function start(processId: string, variables: Body = {}, version?: number): Promise<Body> {
    const res = await marta('POST', '/process-instances', { processId, variables, ...(version ? { version } : {}) });
    expect(res.statusCode).toBe(201);
    return res.result as Body;
  }
  const detail = async (id: string) => (await marta('GET', `/process-instances/${id}`)).result as Body;
  const waitingAt = (id: string, elementId: string) =>
    eventually(async () => {
      const d = await detail(id);
      const task = (d.openTasks as Body[]).find((t) => t.elementId === elementId);
      if (!task) throw new Error(`not waiting at ${elementId}: ${JSON.stringify(d.activeElementIds)}`);
      return task;
    });
  const complete = async (taskId: string, variables: Body = {}) =>
    expect((await marta('POST', `/tasks/${taskId}/complete`, { variables })).statusCode).toBe(200);
  /** The list answers from the projection, which may lag one write behind: poll until `expected` holds. */
  const listed = (query: string, expected: (page: { items: Body[]; total: number }) => void = () => {}) =>
    eventually(async () => {
      const res = await marta('GET', `/process-instances?${query}`);
      expect(res.statusCode).toBe(200);
      const page = res.result as { items: Body[]; total: number };
      expected(page);
      return page;
    });

  /** v2: a "Major incident review" after Resolve. */
  const withReview = (xml: string) =>
    xml
      .replace(
        '<bpmn:sequenceFlow id="Flow_ToClose" sourceRef="Resolve" targetRef="CloseIncident" />',
        '<bpmn:sequenceFlow id="Flow_ToClose" sourceRef="Resolve" targetRef="MajorReview" /><bpmn:sequenceFlow id="Flow_ReviewToClose" sourceRef="MajorReview" targetRef="CloseIncident" />',
      )
      .replace(
        '<bpmn:serviceTask id="CloseIncident"',
        '<bpmn:userTask id="MajorReview" name="Major incident review"><bpmn:incoming>Flow_ToClose</bpmn:incoming><bpmn:outgoing>Flow_ReviewToClose</bpmn:outgoing></bpmn:userTask>\n    <bpmn:serviceTask id="CloseIncident"',
      )
      .replace(
        '<bpmn:incoming>Flow_ToClose</bpmn:incoming>\n      <bpmn:outgoing>Flow_ToEnd</bpmn:outgoing>',
        '<bpmn:incoming>Flow_ReviewToClose</bpmn:incoming>\n      <bpmn:outgoing>Flow_ToEnd</bpmn:outgoing>',
      );
  /** v3: Triage renamed to Assess (a new id). */
  const renamedTriage = (xml: string) => xml.replace(/"Triage"/g, '"Assess"').replace(/>Triage</g, '>Assess<');

  describe('definitions', () => {
    it('validates without storing, naming the element at fault', async () => {
      const { xml, processId } = incidentProcess();
      const ok = await marta('POST', '/process-definitions/validate', { xml });
      expect(ok.statusCode).toBe(200);
      expect(ok.result).toMatchObject({ valid: true, errors: [] });
      const broken = await marta('POST', '/process-definitions/validate', { xml: xml.replace(' default="Flow_Other"', '') });
      expect(broken.statusCode).toBe(200);
      expect(broken.result).toMatchObject({ valid: false, errors: [expect.objectContaining({ elementId: 'PriorityGateway' })] });
      expect((await marta('POST', '/process-definitions/validate', { xml: '<not-bpmn' })).statusCode).toBe(400);
      expect((await marta('POST', '/process-definitions/validate', {})).statusCode).toBe(400);
      expect((await tomas('POST', '/process-definitions/validate', { xml })).statusCode).toBe(403);
      expect(((await marta('GET', `/process-definitions?processId=${processId}`)).result as Body).total).toBe(0);
    });

    it('diffs two versions, or a version against XML not deployed yet', async () => {
      const { xml } = incidentProcess();
      const v1 = await deploy(xml);
      const v2 = await deploy(withReview(xml));
      const res = await tomas('POST', '/process-definitions/diff', { baseDefinitionId: v1.id, targetDefinitionId: v2.id });
      expect(res.statusCode).toBe(200);
      const diff = res.result as Body;
      expect(diff.added.map((e: Body) => e.id).sort()).toEqual(['Flow_ReviewToClose', 'MajorReview']);
      expect(diff.removed).toEqual([]);
      expect(diff.changed.map((e: Body) => e.id)).toEqual(expect.arrayContaining(['Flow_ToClose', 'CloseIncident']));
      const draft = await marta('POST', '/process-definitions/diff', {
        baseDefinitionId: v1.id,
        xml: xml.replace('=priority = "P1"', '=priority = "P1" or priority = "P2"'),
      });
      expect(draft.result).toMatchObject({ added: [], removed: [], changed: [{ id: 'Flow_P1', fields: ['condition'] }] });

      expect((await marta('POST', '/process-definitions/diff', { baseDefinitionId: v1.id })).statusCode).toBe(400);
      expect(
        (await marta('POST', '/process-definitions/diff', { baseDefinitionId: v1.id, targetDefinitionId: v2.id, xml })).statusCode,
      ).toBe(400);
      expect(
        (
          await marta('POST', '/process-definitions/diff', {
            baseDefinitionId: '00000000-0000-4000-8000-000000000000',
            targetDefinitionId: v2.id,
          })
        ).statusCode,
      ).toBe(404);
      expect((await rita('POST', '/process-definitions/diff', { baseDefinitionId: v1.id, targetDefinitionId: v2.id })).statusCode).toBe(
        403,
      );
    });

    it('activates an older version for new instances and archives versions', async () => {
      const { xml, processId } = incidentProcess();
      const v1 = await deploy(xml);
      const v2 = await deploy(withReview(xml));
      const versions = async () =>
        ((await marta('GET', `/process-definitions?processId=${processId}`)).result as Body).items.map((d: Body) => [
          d.version,
          d.active,
          d.archivedAt !== null,
        ]);
      expect(await versions()).toEqual([
        [2, true, false],
        [1, false, false],
      ]);

      expect((await marta('POST', `/process-definitions/${v1.id}/activate`)).statusCode).toBe(200);
      expect(await versions()).toEqual([
        [2, false, false],
        [1, true, false],
      ]);
      expect((await start(processId)).version).toBe(1);

      expect((await marta('POST', `/process-definitions/${v1.id}/archive`)).statusCode).toBe(200);
      expect(await versions()).toEqual([
        [2, true, false],
        [1, false, true],
      ]);
      expect((await start(processId)).version).toBe(2);
      const archivedStart = await marta('POST', '/process-instances', { processId, version: 1 });
      expect(archivedStart.statusCode).toBe(409);
      expect((await marta('POST', `/process-definitions/${v1.id}/activate`)).statusCode).toBe(409);
      expect((await tomas('POST', `/process-definitions/${v2.id}/archive`)).statusCode).toBe(403);
      expect((await marta('POST', '/process-definitions/00000000-0000-4000-8000-000000000000/archive')).statusCode).toBe(404);
      expect((await marta('POST', '/process-definitions/not-a-uuid/activate')).statusCode).toBe(400);
    });
  });

  describe('instances', () => {
    it('searches from the projection, even with no worker running', async () => {
      const { xml, processId } = incidentProcess();
      const v1 = await deploy(xml);
      const a = await start(processId);
      const b = await start(processId);
      await waitingAt(a.id, 'Triage');
      const triageB = await waitingAt(b.id, 'Triage');
      await complete(triageB.id, { priority: 'P3' });
      await waitingAt(b.id, 'Resolve');

      await listed(`processId=${processId}&activeElementId=Triage`, (page) => expect(page.items.map((i) => i.id)).toEqual([a.id]));
      await listed(`processId=${processId}&version=1&status=RUNNING&hasIncident=false&sort=startedAt`, (page) =>
        expect(page.items.map((i) => i.id)).toEqual([a.id, b.id]),
      );
      const stats = await eventually(async () => {
        const res = await tomas('GET', `/process-definitions/${v1.id}/statistics`);
        const elements = (res.result as Body).elements as Body[];
        if (elements.length < 2) throw new Error('not projected yet');
        return elements;
      });
      expect(stats).toEqual([
        { elementId: 'Resolve', active: 1, incidents: 0 },
        { elementId: 'Triage', active: 1, incidents: 0 },
      ]);

      await system.stopWorker();
      try {
        await listed(`processId=${processId}&sort=startedAt`, (page) =>
          expect(page).toMatchObject({
            total: 2,
            items: [
              { id: a.id, stateSource: 'projection', activeElementIds: ['Triage'] },
              { id: b.id, activeElementIds: ['Resolve'] },
            ],
          }),
        );
      } finally {
        await system.startWorker();
      }
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(((await marta('GET', `/process-instances?processId=${processId}&startedAfter=${future}`)).result as Body).total).toBe(0);
      const bad = await marta('GET', '/process-instances?status=SLEEPING&sort=colour');
      expect(bad.statusCode).toBe(400);
      expect((bad.result as Body).details.map((d: Body) => d.field)).toEqual(expect.arrayContaining(['query.status']));
    });

    it('shows element counts and lets a process owner fix variables, retry the incident, and see it finish', async () => {
      const { xml: sample, processId } = incidentProcess();
      const xml = sample.replace(
        '<zeebe:taskDefinition type="audit" retries="3" />\n        <zeebe:taskHeaders>\n          <zeebe:header key="action" value="incident.closed" />',
        '<zeebe:taskDefinition type="notify" retries="1" />\n        <zeebe:taskHeaders>\n          <zeebe:header key="action" value="incident.closed" />',
      );
      await deploy(xml);
      const instance = await start(processId);
      await complete((await waitingAt(instance.id, 'Triage')).id, { priority: 'P3' });
      await complete((await waitingAt(instance.id, 'Resolve')).id);
      const incident = await eventually(async () => {
        const d = await detail(instance.id);
        if (!d.incidents.length) throw new Error('no incident yet');
        return d.incidents[0] as Body;
      });
      expect(incident).toMatchObject({ elementId: 'CloseIncident', message: expect.stringContaining('SMTP refused') });
      await listed(`processId=${processId}&hasIncident=true`, (page) =>
        expect(page.items).toMatchObject([{ id: instance.id, openIncidentCount: 1 }]),
      );
      const d = await detail(instance.id);
      expect(d.elementCounts).toMatchObject({ Triage: { completed: 1, active: 0 }, CloseIncident: { active: 1 } });

      // bad input and permissions first
      expect((await marta('PUT', `/process-instances/${instance.id}/variables`, { variables: { smtpFixed: true } })).statusCode).toBe(400);
      expect((await marta('PUT', `/process-instances/${instance.id}/variables`, { variables: {}, reason: 'nothing' })).statusCode).toBe(
        400,
      );
      expect(
        (await marta('PUT', `/process-instances/${instance.id}/variables`, { variables: { x: 1 }, reason: 'scoped', scopeKey: 99999 }))
          .statusCode,
      ).toBe(422);
      expect(
        (await tomas('PUT', `/process-instances/${instance.id}/variables`, { variables: { smtpFixed: true }, reason: 'relay fixed' }))
          .statusCode,
      ).toBe(403);
      expect((await marta('POST', `/process-instances/${instance.id}/incidents/99999/retry`)).statusCode).toBe(404);
      expect((await tomas('POST', `/process-instances/${instance.id}/incidents/${incident.key}/retry`)).statusCode).toBe(403);

      const set = await marta('PUT', `/process-instances/${instance.id}/variables`, {
        variables: { smtpFixed: true },
        reason: 'mail relay fixed by network team',
      });
      expect(set.statusCode).toBe(200);
      expect((set.result as Body).variables).toMatchObject({ smtpFixed: true, priority: 'P3' });
      const audit = await system.adminEm().findOne(AuditLog, { entityId: instance.id, action: 'processInstance.variablesSet' });
      expect(audit).toMatchObject({
        actorName: 'marta',
        before: { variables: { smtpFixed: null } },
        after: { variables: { smtpFixed: true }, reason: 'mail relay fixed by network team' },
      });

      const retried = await marta('POST', `/process-instances/${instance.id}/incidents/${incident.key}/retry`);
      expect(retried.statusCode).toBe(200);
      await eventually(async () => expect((await detail(instance.id)).status).toBe('COMPLETED'));
      expect((await detail(instance.id)).variables).toMatchObject({ notified: true });
      expect(await system.adminEm().count(AuditLog, { entityId: instance.id, action: 'incident.retried' })).toBe(1);
    });

    it('cancels with a reason, once', async () => {
      const { xml, processId } = incidentProcess();
      await deploy(xml);
      const instance = await start(processId);
      await waitingAt(instance.id, 'Triage');
      expect((await marta('POST', `/process-instances/${instance.id}/cancel`, {})).statusCode).toBe(400);
      expect((await tomas('POST', `/process-instances/${instance.id}/cancel`, { reason: 'duplicate ticket' })).statusCode).toBe(403);
      const res = await marta('POST', `/process-instances/${instance.id}/cancel`, { reason: 'duplicate ticket' });
      expect(res.statusCode).toBe(200);
      expect(res.result).toMatchObject({ status: 'CANCELED', activeElementIds: [] });
      expect((await marta('POST', `/process-instances/${instance.id}/cancel`, { reason: 'again' })).statusCode).toBe(409);
      expect(
        (await marta('POST', '/process-instances/00000000-0000-4000-8000-000000000000/cancel', { reason: 'unknown' })).statusCode,
      ).toBe(404);
      await listed(`processId=${processId}&status=CANCELED`, (page) =>
        expect(page.items).toMatchObject([{ id: instance.id, status: 'CANCELED', endedAt: expect.any(String) }]),
      );
      expect(await system.adminEm().findOne(AuditLog, { entityId: instance.id, action: 'processInstance.canceled' })).toMatchObject({
        after: { reason: 'duplicate ticket' },
      });
    });
  });

  describe('migration', () => {
    it('moves an instance waiting on a user task in v1 to v2, where it completes on v2', async () => {
      const { xml, processId } = incidentProcess();
      const v1 = await deploy(xml);
      const instance = await start(processId);
      const triage = await waitingAt(instance.id, 'Triage');
      const v2 = await deploy(withReview(xml));

      const preview = await marta('POST', `/process-instances/${instance.id}/migrate/preview`, { targetDefinitionId: v2.id });
      expect(preview.statusCode).toBe(200);
      expect(preview.result).toMatchObject({
        possible: true,
        from: { definitionId: v1.id, version: 1 },
        to: { definitionId: v2.id, version: 2 },
        elements: [{ elementId: 'Triage', targetElementId: 'Triage', action: 'keep' }],
      });
      expect((await detail(instance.id)).version).toBe(1);

      expect((await tomas('POST', `/process-instances/${instance.id}/migrate`, { targetDefinitionId: v2.id })).statusCode).toBe(403);
      const moved = await marta('POST', `/process-instances/${instance.id}/migrate`, { targetDefinitionId: v2.id });
      expect(moved.statusCode).toBe(200);
      expect(moved.result).toMatchObject({ migrated: true, from: { version: 1 }, to: { version: 2 } });
      expect(await detail(instance.id)).toMatchObject({ version: 2, definitionId: v2.id, activeElementIds: ['Triage'] });
      expect((await marta('POST', `/process-instances/${instance.id}/migrate`, { targetDefinitionId: v2.id })).statusCode).toBe(409);

      // The same task id still works, and the instance now takes v2's new step.
      await complete(triage.id, { priority: 'P3' });
      await complete((await waitingAt(instance.id, 'Resolve')).id);
      await complete((await waitingAt(instance.id, 'MajorReview')).id);
      await eventually(async () => expect((await detail(instance.id)).status).toBe('COMPLETED'));
      const history = ((await detail(instance.id)).history as Body[]).map((h) => h.elementId);
      expect(history).toEqual(expect.arrayContaining(['Triage', 'Resolve', 'MajorReview', 'IncidentClosed']));
      expect(await system.adminEm().findOne(AuditLog, { entityId: instance.id, action: 'processInstance.migrated' })).toMatchObject({
        before: { version: 1 },
        after: { version: 2 },
      });
    });

    it('refuses when an active element has no target, naming it, and accepts a mapping', async () => {
      const { xml, processId } = incidentProcess();
      await deploy(xml);
      const other = incidentProcess();
      const foreign = await deploy(other.xml);
      const instance = await start(processId);
      const triage = await waitingAt(instance.id, 'Triage');
      const v2 = await deploy(renamedTriage(xml));

      const preview = await marta('POST', `/process-instances/${instance.id}/migrate/preview`, { targetDefinitionId: v2.id });
      expect(preview.result).toMatchObject({
        possible: false,
        elements: [{ elementId: 'Triage', action: 'refuse' }],
        problems: [{ elementId: 'Triage' }],
      });
      const refused = await marta('POST', `/process-instances/${instance.id}/migrate`, { targetDefinitionId: v2.id });
      expect(refused.statusCode).toBe(422);
      expect(refused.result).toMatchObject({
        code: 'MIGRATION_REFUSED',
        details: [{ elementId: 'Triage', message: expect.stringContaining('no element with the same id') }],
      });
      expect((refused.result as Body).message).toContain('Triage');

      const badMapping = await marta('POST', `/process-instances/${instance.id}/migrate`, {
        targetDefinitionId: v2.id,
        mappings: [{ from: 'Triage', to: 'Nowhere' }],
      });
      expect(badMapping.statusCode).toBe(422);
      expect((badMapping.result as Body).details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'mappings[0].to' })]));
      expect((await marta('POST', `/process-instances/${instance.id}/migrate`, { targetDefinitionId: foreign.id })).statusCode).toBe(422);
      expect(
        (await marta('POST', `/process-instances/${instance.id}/migrate`, { targetDefinitionId: '00000000-0000-4000-8000-000000000000' }))
          .statusCode,
      ).toBe(404);
      expect((await marta('POST', `/process-instances/${instance.id}/migrate`, { mappings: [] })).statusCode).toBe(400);

      const mapped = await marta('POST', `/process-instances/${instance.id}/migrate`, {
        targetDefinitionId: v2.id,
        mappings: [{ from: 'Triage', to: 'Assess' }],
      });
      expect(mapped.statusCode).toBe(200);
      expect(mapped.result).toMatchObject({ elements: [{ elementId: 'Triage', targetElementId: 'Assess', action: 'map' }] });
      const assess = await waitingAt(instance.id, 'Assess');
      expect(assess.id).toBe(triage.id);
      await complete(assess.id, { priority: 'P2' });
      await waitingAt(instance.id, 'Resolve');
    });
  });
});
