import { randomUUID } from 'node:crypto';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { verifyWebhook } from '../../service-catalog/webhooks/domain/webhook-signature';
import { WEBHOOK_EVENT_TYPES } from '../../service-catalog/webhooks/domain/webhook.entities';
import { eventually } from '../support/eventually';
import { deployIncidentDesk } from '../support/incident-desk';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';
import { Receiver } from '../support/webhook-receiver';

interface EventBody {
  id: string;
  type: string;
  subject: string;
  organizationId: string | null;
  data: Record<string, unknown>;
}

/**
 * Probe process: an approval for tomas (the `approval` property makes it one), then a gateway whose first
 * condition is a number, so every instance that passes it stops there with an incident (with a single
 * outgoing flow the interpreter takes it without evaluating the condition).
 */
function approvalThenIncident(processId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://flowdesk.dev/test">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="S" />
    <bpmn:userTask id="Approve" name="Approve the probe"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition assignee="tomas" /><zeebe:properties><zeebe:property name="approval" value="manager" /></zeebe:properties></bpmn:extensionElements></bpmn:userTask>
    <bpmn:exclusiveGateway id="Route" />
    <bpmn:endEvent id="E" />
    <bpmn:endEvent id="Never" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Approve" />
    <bpmn:sequenceFlow id="f2" sourceRef="Approve" targetRef="Route" />
    <bpmn:sequenceFlow id="f3" sourceRef="Route" targetRef="E"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=impact</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="Route" targetRef="Never"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=impact &lt; 0</bpmn:conditionExpression></bpmn:sequenceFlow>
  </bpmn:process>
</bpmn:definitions>`;
}

/**
 * Issue 22, every event type an integration can subscribe to reaches a real receiver on loopback, signed,
 * once, from what really happens on the desk — not only a ticket's creation and state changes
 * (test/integration/webhooks.test.ts): an agent's edit, the SLA timers of a policy of seconds on the
 * shipped incident diagram (warning, response and resolution breach), an approval asked and decided, and
 * a process incident (a condition that is not boolean).
 */
describe('webhook event types', () => {
  let system: TestSystem;
  const receiver = new Receiver();
  let base: string;
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_hook_types_${tag}`;
  const probeId = `hook_probe_${tag}`;
  const service = `hooks-${tag}`;
  const path = `/all-${tag}`;
  let baltic: string;
  let hook: { id: string; secret: string };

  // A started system, two deployments, a decision table, a calendar and a policy: more than the default hook time.
  beforeAll(async () => {
    base = await receiver.start();
    system = await TestSystem.start({
      ticketProcessIds: { incident: processId },
      webhookRetry: { initialIntervalMs: 300, maximumIntervalMs: 1_000, maximumAttempts: 4 },
    });
    await offerService(system, service);
    await deployIncidentDesk(system, { tag, processId, service, responseTarget: 'PT2S', resolutionTarget: 'PT4S' });
    const deployed = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-definitions',
      payload: { xml: approvalThenIncident(probeId) },
    });
    expect(deployed.statusCode).toBe(201);
    baltic = (await system.adminEm().findOneOrFail(Organization, { name: 'Baltic Retail UAB' })).id;
    // Desk-wide: an instance started by a process owner may belong to no organisation.
    const res = await system.injectAs('admin', {
      method: 'POST',
      url: '/webhooks',
      payload: { name: `all ${tag}`, url: `${base}${path}`, organizationId: null, eventTypes: [...WEBHOOK_EVENT_TYPES] },
    });
    expect(res.statusCode).toBe(201);
    hook = res.result as { id: string; secret: string };
  }, 240_000);
  afterAll(async () => {
    // A subscription left behind would queue deliveries for every later test file's events.
    if (hook) await system?.injectAs('admin', { method: 'DELETE', url: `/webhooks/${hook.id}` });
    await system?.close();
    await receiver.close();
  });

  /** What the receiver got about `subject`, each request's signature checked. */
  const about = (subject: string) =>
    receiver
      .at(path)
      .map((r) => {
        expect(verifyWebhook(hook.secret, r.body, String(r.headers['x-flowdesk-signature']), Math.floor(Date.now() / 1000))).toBe(true);
        const body = JSON.parse(r.body) as EventBody;
        expect(r.headers['x-flowdesk-event']).toBe(body.type);
        return body;
      })
      .filter((b) => b.subject === subject);
  const received = (subject: string, type: string, count = 1) =>
    eventually(() => {
      const got = about(subject).filter((b) => b.type === type);
      if (got.length < count) throw new Error(`${type} of ${subject}: ${got.length} of ${count} received`);
      return got;
    }, 60_000);

  it("sends an agent's edit, the SLA warning and both breaches of a ticket, each once", async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title: `Till ${tag}`, description: 'x', impact: 'low', urgency: 'high', category: 'hardware', service },
    });
    expect(raised.statusCode).toBe(201);
    const number = (raised.result as { number: string }).number;

    const [warning] = await received(number, 'sla.warning');
    expect(warning).toMatchObject({ organizationId: baltic, data: { target: 'resolution', ticket: { number } } });
    const breaches = await received(number, 'sla.breached', 2);
    expect(breaches.map((b) => (b.data as { target: string }).target).sort()).toEqual(['resolution', 'response']);

    const read = await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` });
    const edited = await system.injectAs('tomas', {
      method: 'PATCH',
      url: `/tickets/${number}`,
      payload: { version: (read.result as { version: number }).version, title: `Till in aisle 3 ${tag}` },
    });
    expect(edited.statusCode).toBe(200);
    await eventually(() => {
      const titled = about(number).find((b) => b.type === 'ticket.updated' && (b.data.changed as string[]).includes('title'));
      expect(titled).toMatchObject({ organizationId: baltic, data: { ticket: { title: `Till in aisle 3 ${tag}` } } });
    }, 60_000);

    // Once each, whatever the timers and retries did, and no event twice.
    const counts = (type: string) => about(number).filter((b) => b.type === type).length;
    expect([counts('sla.warning'), counts('sla.breached'), counts('ticket.created')]).toEqual([1, 2, 1]);
    expect(new Set(receiver.at(path).map((r) => JSON.parse(r.body).id)).size).toBe(receiver.at(path).length);
  }, 120_000);

  it('sends an approval asked and decided, and the incident of a condition that is not boolean', async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title: `Probe ${tag}`, description: 'x', impact: 'low', urgency: 'low', category: 'hardware', service },
    });
    expect(raised.statusCode).toBe(201);
    const number = (raised.result as { number: string }).number;
    // The probe runs for that ticket (its business key), so its approval is the ticket's.
    const started = await system.injectAs('marta', {
      method: 'POST',
      url: '/process-instances',
      payload: { processId: probeId, businessKey: number, variables: { impact: 3 } },
    });
    expect(started.statusCode).toBe(201);
    const instanceId = (started.result as { id: string }).id;

    const [requested] = await received(number, 'approval.requested');
    expect(requested).toMatchObject({
      organizationId: baltic,
      data: { approval: { purpose: 'manager', state: 'pending', taskName: 'Approve the probe' }, ticket: { number } },
    });
    const approvalId = (requested!.data.approval as { id: string }).id;
    const approved = await system.injectAs('tomas', {
      method: 'POST',
      url: `/approvals/${approvalId}/approve`,
      payload: { comment: 'fine' },
    });
    expect(approved.statusCode).toBe(200);
    const [decided] = await received(number, 'approval.decided');
    expect(decided).toMatchObject({ data: { approval: { id: approvalId, state: 'approved', comment: 'fine' } } });

    // The instance is not the ticket's own process: the event names the instance as its subject.
    const [incident] = await received(instanceId, 'process.incident');
    expect(incident).toMatchObject({ data: { processInstanceId: instanceId, openIncidents: 1 } });
    expect(JSON.stringify(incident!.data.incidents)).toContain('Route');
    expect(
      about(number)
        .filter((b) => b.type.startsWith('approval.'))
        .map((b) => b.type),
    ).toEqual(['approval.requested', 'approval.decided']);
    expect(about(instanceId).filter((b) => b.type === 'process.incident')).toHaveLength(1);
  }, 120_000);
});
