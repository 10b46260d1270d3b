import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import type { ProcessInstanceResult } from '../../workflows/client';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import { MessageService } from '../../service-catalog/messages/domain/message-service';
import { ProcessDefinition } from '../../service-catalog/processes/domain/process-definition.entity';
import { ProcessInstance } from '../../service-catalog/processes/domain/process-instance.entity';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';

interface InstanceBody {
  status: string;
  variables: Record<string, unknown>;
  activeElementIds: string[];
  openTasks: Array<{ id: string; elementId: string }>;
}

const messageDef = (name: string) =>
  `<bpmn:message id="Message_1" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="=ticket" /></bpmn:extensionElements></bpmn:message>`;

/** start → wait for message `name` keyed by `ticket` → end. */
function waitForMessage(processId: string, name: string): string {
  return bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="end" />
     ${flow('f1', 'start', 'reply')}${flow('f2', 'reply', 'end')}`,
    processId,
  ).replace('</bpmn:definitions>', `${messageDef(name)}</bpmn:definitions>`);
}

describe('events and time on Temporal', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => {
    await system?.close();
  });

  const as = async (user: string, method: string, url: string, payload?: object) =>
    system.injectAs(user, { method, url, ...(payload ? { payload } : {}) });
  const instance = async (id: string) => (await as('admin', 'GET', `/process-instances/${id}`)).result as InstanceBody;
  const deploy = async (xml: string) =>
    expect([200, 201]).toContain((await as('admin', 'POST', '/process-definitions', { xml })).statusCode);

  describe('message buffering (time to live)', () => {
    const processId = `msg_ttl_${process.pid}`;
    beforeAll(async () => deploy(waitForMessage(processId, `customer-reply-${process.pid}`)));

    it('correlates a message published before the instance waits, within its time to live', async () => {
      const ticket = randomUUID();
      const published = await as('tomas', 'POST', '/messages', {
        name: `customer-reply-${process.pid}`,
        correlationKey: ticket,
        variables: { text: 'early' },
        timeToLive: 'PT1M',
      });
      expect(published.result).toMatchObject({ correlatedProcessInstanceIds: [], buffered: true });

      const started = await as('admin', 'POST', '/process-instances', { processId, variables: { ticket } });
      const id = (started.result as { id: string }).id;
      const done = await eventually(async () => {
        const body = await instance(id);
        if (body.status !== 'COMPLETED') throw new Error(body.status);
        return body;
      });
      expect(done.variables).toMatchObject({ text: 'early' });
    });

    it('does not correlate it once its time to live has passed; a fresh message still does', async () => {
      const ticket = randomUUID();
      await as('tomas', 'POST', '/messages', {
        name: `customer-reply-${process.pid}`,
        correlationKey: ticket,
        variables: { text: 'stale' },
        timeToLive: 'PT1S',
      });
      await new Promise((r) => setTimeout(r, 1500));

      const id = ((await as('admin', 'POST', '/process-instances', { processId, variables: { ticket } })).result as { id: string }).id;
      await eventually(async () => expect((await instance(id)).activeElementIds).toEqual(['reply']));
      await new Promise((r) => setTimeout(r, 1000));
      expect((await instance(id)).status).toBe('RUNNING');

      const published = await as('tomas', 'POST', '/messages', {
        name: `customer-reply-${process.pid}`,
        correlationKey: ticket,
        variables: { text: 'fresh' },
        timeToLive: 'PT0S',
      });
      expect(published.result).toMatchObject({ correlatedProcessInstanceIds: [id], buffered: false });
      await eventually(async () => expect(await instance(id)).toMatchObject({ status: 'COMPLETED', variables: { text: 'fresh' } }));
    });

    it('reaches only instances of organisations the publisher serves', async () => {
      const ticket = randomUUID();
      const nordic = await system.adminEm().findOneOrFail(Organization, { name: 'Nordic Logistics AS' });
      const id = (
        (await as('admin', 'POST', '/process-instances', { processId, variables: { ticket }, organizationId: nordic.id })).result as {
          id: string;
        }
      ).id;
      await eventually(async () => expect((await instance(id)).activeElementIds).toEqual(['reply']));

      // agne serves Baltic Retail only: the Nordic instance is not hers to reach.
      const refused = await as('agne', 'POST', '/messages', {
        name: `customer-reply-${process.pid}`,
        correlationKey: ticket,
        timeToLive: 'PT0S',
      });
      expect(refused.result).toMatchObject({ correlatedProcessInstanceIds: [] });
      const delivered = await as('tomas', 'POST', '/messages', {
        name: `customer-reply-${process.pid}`,
        correlationKey: ticket,
        timeToLive: 'PT0S',
      });
      expect(delivered.result).toMatchObject({ correlatedProcessInstanceIds: [id] });
    });

    it("keeps a buffered message within the publisher's organisations: a later instance of another customer does not take it", async () => {
      const ticket = randomUUID();
      const [baltic, nordic] = await Promise.all(
        ['Baltic Retail UAB', 'Nordic Logistics AS'].map((name) => system.adminEm().findOneOrFail(Organization, { name })),
      );
      // agne serves Baltic Retail only; her message waits in the buffer.
      const published = await as('agne', 'POST', '/messages', {
        name: `customer-reply-${process.pid}`,
        correlationKey: ticket,
        variables: { text: 'for Baltic' },
        timeToLive: 'PT1M',
      });
      expect(published.result).toMatchObject({ buffered: true });

      const nordicId = (
        (await as('admin', 'POST', '/process-instances', { processId, variables: { ticket }, organizationId: nordic!.id })).result as {
          id: string;
        }
      ).id;
      await eventually(async () => expect((await instance(nordicId)).activeElementIds).toEqual(['reply']));
      const balticId = (
        (await as('admin', 'POST', '/process-instances', { processId, variables: { ticket }, organizationId: baltic!.id })).result as {
          id: string;
        }
      ).id;
      await eventually(async () =>
        expect(await instance(balticId)).toMatchObject({ status: 'COMPLETED', variables: { text: 'for Baltic' } }),
      );
      expect((await instance(nordicId)).status).toBe('RUNNING');
    });
  });

  it('survives three continue-as-new cycles mid-flight: timers, a user task and a message subscription carry over', async () => {
    // A loop of short timers fills the history; a tiny budget makes the instance continue as new many times.
    const processId = `can_${process.pid}`;
    const name = `can-reply-${process.pid}`;
    await deploy(
      bpmnDocument(
        `<bpmn:startEvent id="start" />
         <bpmn:intermediateCatchEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeDuration>PT0.2S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
         <bpmn:scriptTask id="count"><bpmn:extensionElements><zeebe:script expression="=n + 1" resultVariable="n" /></bpmn:extensionElements></bpmn:scriptTask>
         <bpmn:exclusiveGateway id="more" default="f_done" />
         <bpmn:userTask id="confirm" />
         <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="Message_1" /></bpmn:intermediateCatchEvent>
         <bpmn:endEvent id="end" />
         ${flow('f1', 'start', 'tick')}${flow('f2', 'tick', 'count')}${flow('f3', 'count', 'more')}${flow('f_again', 'more', 'tick', '=n < 12')}${flow('f_done', 'more', 'confirm')}
         ${flow('f5', 'confirm', 'reply')}${flow('f6', 'reply', 'end')}`,
        processId,
      ).replace('</bpmn:definitions>', `${messageDef(name)}</bpmn:definitions>`),
    );
    const definition = await system.adminEm().findOneOrFail(ProcessDefinition, { processId }, { orderBy: { version: 'desc' } });
    const id = randomUUID();
    const ticket = randomUUID();
    const em = system.adminEm();
    em.create(ProcessInstance, {
      id,
      definition,
      processId,
      version: definition.version,
      businessKey: null,
      startedAt: new Date(),
      organizationId: null,
      startedBy: null,
    });
    await em.flush();
    await system.engine.start({
      instanceId: id,
      graph: definition.graph,
      definition: { id: definition.id, processId, version: definition.version },
      variables: { n: 0, ticket },
      historyBudget: 20,
    });

    const task = await eventually(async () => {
      const body = await instance(id);
      const open = body.openTasks.find((t) => t.elementId === 'confirm');
      if (!open) throw new Error(`not at confirm yet: ${body.activeElementIds.join(',')}`);
      return open;
    }, 60_000);
    expect((await as('admin', 'POST', `/tasks/${task.id}/complete`, { variables: { confirmed: true } })).statusCode).toBe(200);
    await eventually(async () => expect((await instance(id)).activeElementIds).toEqual(['reply']));
    const published = await eventually(async () => {
      const res = await as('tomas', 'POST', '/messages', { name, correlationKey: ticket, variables: { answer: 42 }, timeToLive: 'PT0S' });
      expect(res.result).toMatchObject({ correlatedProcessInstanceIds: [id] });
      return res;
    });
    expect(published.statusCode).toBe(200);

    const result = (await system.client.workflow.getHandle(id).result()) as ProcessInstanceResult;
    expect(result.status).toBe('completed');
    expect(result.runs).toBeGreaterThanOrEqual(3);
    expect(result.view.variables).toMatchObject({ n: 12, confirmed: true, answer: 42 });
    expect(result.view.history.filter((h) => h.elementId === 'tick')).toHaveLength(12);
  });

  it('delivers a signal thrown by a process once, however often its broadcast is retried', async () => {
    // A retried broadcast activity repeats its delivery id: waiting instances are not triggered again and signal starts do not start twice.
    const name = `retried-${process.pid}`;
    const signal = `<bpmn:signal id="Signal_1" name="${name}" />`;
    const waiterId = `signal_waiter_${process.pid}`;
    await deploy(
      bpmnDocument(
        `<bpmn:startEvent id="start" /><bpmn:userTask id="work" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'work')}${flow('f2', 'work', 'end')}
         <bpmn:subProcess id="note" triggeredByEvent="true"><bpmn:startEvent id="note_start" isInterrupting="false"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:startEvent>
         <bpmn:scriptTask id="tally"><bpmn:extensionElements><zeebe:script expression="=n + 1" resultVariable="n" /></bpmn:extensionElements></bpmn:scriptTask><bpmn:endEvent id="note_end" />${flow('n1', 'note_start', 'tally')}${flow('n2', 'tally', 'note_end')}</bpmn:subProcess>`,
        waiterId,
      ).replace('</bpmn:definitions>', `${signal}</bpmn:definitions>`),
    );
    const startedId = `signal_started_${process.pid}`;
    await deploy(
      bpmnDocument(
        `<bpmn:startEvent id="go"><bpmn:signalEventDefinition signalRef="Signal_1" /></bpmn:startEvent><bpmn:endEvent id="end" />${flow('f1', 'go', 'end')}`,
        startedId,
      ).replace('</bpmn:definitions>', `${signal}</bpmn:definitions>`),
    );
    const waiter = (
      (await as('admin', 'POST', '/process-instances', { processId: waiterId, variables: { n: 0 } })).result as { id: string }
    ).id;
    await eventually(async () => expect((await instance(waiter)).activeElementIds).toEqual(['work']));
    const subscribed = async () =>
      expect(await system.adminEm().execute('select 1 from event_subscription where process_instance_id = ?', [waiter])).toHaveLength(1);
    await eventually(subscribed);

    const broadcast = (deliveryId: string) =>
      new MessageService(system.adminEm(), system.engine).broadcastSignal(
        { name, variables: {} },
        systemActor('signal-throw'),
        null,
        deliveryId,
      );
    const first = await broadcast(`thrower-${process.pid}/5`);
    const retry = await broadcast(`thrower-${process.pid}/5`);
    expect(first.triggeredProcessInstanceIds).toEqual([waiter]);
    expect(first.startedProcessInstanceIds).toHaveLength(1);
    expect(retry.startedProcessInstanceIds).toEqual([]);
    expect(await system.adminEm().count(ProcessInstance, { processId: startedId })).toBe(1);
    await eventually(async () => expect((await instance(waiter)).variables).toMatchObject({ n: 1 }));

    // Another throw is another delivery: it reaches the instance and starts the process again.
    const next = await broadcast(`thrower-${process.pid}/8`);
    expect(next.triggeredProcessInstanceIds).toEqual([waiter]);
    expect(next.startedProcessInstanceIds).toHaveLength(1);
    await eventually(async () => expect((await instance(waiter)).variables).toMatchObject({ n: 2 }));
    expect(await system.adminEm().count(ProcessInstance, { processId: startedId })).toBe(2);
  });
});
