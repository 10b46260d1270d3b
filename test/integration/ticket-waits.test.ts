import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { eventually } from '../support/eventually';
import { TestSystem } from '../support/test-system';
import { deployIncidentDesk } from '../support/incident-desk';
import { offerService } from '../support/services';

interface WaitView {
  kind: string;
  elementId: string;
  text: string;
  dueAt?: string;
  candidateGroups?: string[];
  messageName?: string;
  correlationKey?: string;
  effect?: { type: string; activity?: string; next: string[] };
  taskType?: string;
  incidentType?: string;
  message?: string;
}
interface Waits {
  number: string;
  state: string;
  waits: WaitView[];
}

/**
 * Issue 22, “why is this ticket waiting?”: on the shipped incident diagram, the ticket names its open
 * task with the group's name, the SLA timers on it with their due times and what they do, and, once the
 * agent asks the caller, the reply message with the ticket number as its key and the silence timer
 * racing it. The operations view of the instance carries the same list.
 */
describe('why a ticket waits', () => {
  let system: TestSystem;
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_waits_${tag}`;
  const service = `vpn-${tag}`;

  beforeAll(async () => {
    system = await TestSystem.start({ ticketProcessIds: { incident: processId } });
    await offerService(system, service);
    await deployIncidentDesk(system, { tag, processId, service });
  });
  afterAll(async () => {
    await system?.close();
  });

  const waitsOf = async (user: string, number: string) => {
    const res = await system.injectAs(user, { method: 'GET', url: `/tickets/${number}/waits` });
    expect(res.statusCode).toBe(200);
    return res.result as Waits;
  };

  it('names the task, its group, the SLA timers and, after asking the caller, the reply and the silence timer', async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title: `VPN ${tag}`, description: 'x', impact: 'low', urgency: 'high', category: 'network', service },
    });
    expect(raised.statusCode).toBe(201);
    const { number, processInstanceId } = raised.result as { number: string; processInstanceId: string };
    const atWork = await eventually(async () => {
      const found = await waitsOf('admin', number);
      if (!found.waits.some((w) => w.kind === 'userTask' && w.elementId === 'Investigate')) throw new Error(`${number} is not at work yet`);
      return found;
    }, 90_000);
    expect(atWork.state).toBe('waiting');
    const task = atWork.waits.find((w) => w.kind === 'userTask')!;
    // Group names, not keys, in the sentence.
    expect(task.text).toMatch(/^Waiting for the (Service desk|Network)\b.* group to complete “Investigate and resolve”/);
    const breach = atWork.waits.find((w) => w.elementId === 'ResolutionBreach')!;
    expect(breach).toMatchObject({ kind: 'timer', effect: { type: 'runs-beside', activity: 'Work on incident' } });
    const createdAt = Date.parse((raised.result as { createdAt: string }).createdAt);
    expect(Date.parse(breach.dueAt!) - createdAt).toBeGreaterThan(7.9 * 3_600_000);
    expect(breach.text).toMatch(/^At \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC the timer “Resolution SLA breached” runs/);
    // In the agent's own zone when asked: the same instant, the wall clock of Vilnius (the ISO field stays UTC).
    const local = await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}/waits?timeZone=Europe/Vilnius` });
    const localBreach = (local.result as Waits).waits.find((w) => w.elementId === 'ResolutionBreach')!;
    const vilnius = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Vilnius' });
    expect(localBreach.text).toContain(`At ${vilnius.format(new Date(breach.dueAt!))} Europe/Vilnius the timer`);
    expect(localBreach.dueAt).toBe(breach.dueAt);
    const badZone = await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}/waits?timeZone=Mars/Olympus` });
    expect(badZone.statusCode).toBe(400);
    expect(JSON.stringify(badZone.result)).toContain('timeZone');
    const timers = atWork.waits.filter((w) => w.kind === 'timer').map((w) => Date.parse(w.dueAt!));
    expect(timers).toEqual([...timers].sort((a, b) => a - b));

    // The same list on the instance, for operations: the same sentences, in the zone asked for.
    const instance = await system.injectAs('marta', { method: 'GET', url: `/process-instances/${processInstanceId}` });
    const instanceWaits = (instance.result as { waits: WaitView[] }).waits;
    expect(instanceWaits.map((w) => w.elementId)).toEqual(atWork.waits.map((w) => w.elementId));
    expect(instanceWaits.find((w) => w.kind === 'userTask')!.text).toBe(task.text);
    const localInstance = await system.injectAs('marta', {
      method: 'GET',
      url: `/process-instances/${processInstanceId}?timeZone=Europe/Vilnius`,
    });
    expect((localInstance.result as { waits: WaitView[] }).waits.find((w) => w.elementId === 'ResolutionBreach')!.text).toBe(
      localBreach.text,
    );
    const badInstanceZone = await system.injectAs('marta', {
      method: 'GET',
      url: `/process-instances/${processInstanceId}?timeZone=Mars/Olympus`,
    });
    expect(badInstanceZone.statusCode).toBe(400);
    expect(JSON.stringify(badInstanceZone.result)).toContain('query.timeZone');

    const group = ((await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).result as { assignmentGroup: string })
      .assignmentGroup;
    const agent = group === 'network' ? 'agne' : 'tomas';
    const asked = await system.injectAs(agent, {
      method: 'POST',
      url: `/tickets/${number}/actions/await-caller`,
      payload: { reply: 'Which VPN client version do you use?' },
    });
    expect(asked.statusCode).toBe(200);
    const waiting = await eventually(async () => {
      const found = await waitsOf(agent, number);
      if (!found.waits.some((w) => w.kind === 'message')) throw new Error(`${number} does not wait for the caller yet`);
      return found;
    }, 30_000);
    expect(waiting.waits.find((w) => w.kind === 'message')).toMatchObject({
      messageName: 'caller-reply',
      correlationKey: number,
      text: expect.stringContaining(`Waiting for the message “caller-reply” with key ${number}`),
    });
    expect(waiting.waits.find((w) => w.elementId === 'CallerSilent')).toMatchObject({ kind: 'timer', effect: { type: 'continues' } });
    expect(waiting.waits.some((w) => w.kind === 'userTask')).toBe(false);
  });

  it('says its times in the zone the agent set on their profile, which PATCH /me validates as an IANA zone', async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: { type: 'incident', title: `Zone ${tag}`, description: 'x', impact: 'low', urgency: 'high', category: 'network', service },
    });
    const { number } = raised.result as { number: string };
    const breachOf = (w: Waits) => w.waits.find((x) => x.elementId === 'ResolutionBreach');
    const utc = await eventually(async () => {
      const found = breachOf(await waitsOf('tomas', number));
      if (!found) throw new Error(`${number} has no SLA timer yet`);
      return found;
    }, 90_000);
    expect(utc.text).toContain(' UTC the timer');

    const refused = await system.injectAs('tomas', { method: 'PATCH', url: '/me', payload: { timeZone: 'Mars/Olympus' } });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.result)).toContain('timeZone');
    const set = await system.injectAs('tomas', { method: 'PATCH', url: '/me', payload: { timeZone: 'Asia/Tokyo' } });
    expect(set.statusCode).toBe(200);
    expect(set.result).toMatchObject({ timeZone: 'Asia/Tokyo' });
    try {
      expect((await system.injectAs('tomas', { method: 'GET', url: '/me' })).result).toMatchObject({ timeZone: 'Asia/Tokyo' });
      const tokyo = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' });
      // No zone asked: the profile's. The instant (the ISO field) is the same.
      const own = breachOf(await waitsOf('tomas', number))!;
      expect(own.text).toContain(`At ${tokyo.format(new Date(utc.dueAt!))} Asia/Tokyo the timer`);
      expect(own.dueAt).toBe(utc.dueAt);
      // A zone asked for wins over the profile's; another agent's profile is not tomas's.
      const asked = await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}/waits?timeZone=UTC` });
      expect(breachOf(asked.result as Waits)!.text).toBe(utc.text);
      expect(breachOf(await waitsOf('admin', number))!.text).toBe(utc.text);
    } finally {
      const reset = await system.injectAs('tomas', { method: 'PATCH', url: '/me', payload: { timeZone: null } });
      expect(reset.result).toMatchObject({ timeZone: null });
    }
    expect(breachOf(await waitsOf('tomas', number))!.text).toBe(utc.text);
  });

  it('names a job waiting for a worker, and an incident with its reason instead of the element it stopped at', async () => {
    // given a service task no in-process worker serves, and a gateway whose first condition is a number
    const jobType = `crm-lookup-${tag}`;
    const jobProcess = `waits_job_${tag}`;
    const stuckProcess = `waits_incident_${tag}`;
    const deploy = async (xml: string) =>
      expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    await deploy(
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:serviceTask id="lookup" name="Look up the customer"><bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" /></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e" />${flow('f0', 's', 'lookup')}${flow('f1', 'lookup', 'e')}`,
        jobProcess,
      ),
    );
    await deploy(
      bpmnDocument(
        `<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="route" name="Route by impact" /><bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />${flow('f0', 's', 'route')}${flow('f1', 'route', 'e', '=impact')}${flow('f2', 'route', 'e2', '=impact < 0')}`,
        stuckProcess,
      ),
    );
    const start = async (processId: string) => {
      const res = await system.injectAs('marta', {
        method: 'POST',
        url: '/process-instances',
        payload: { processId, variables: { impact: 3 } },
      });
      expect(res.statusCode).toBe(201);
      return (res.result as { id: string }).id;
    };
    const waitsOfInstance = (id: string, kind: string) =>
      eventually(async () => {
        const found = ((await system.injectAs('marta', { method: 'GET', url: `/process-instances/${id}` })).result as { waits: WaitView[] })
          .waits;
        if (!found.some((w) => w.kind === kind)) throw new Error(`${id} does not wait for a ${kind} yet: ${JSON.stringify(found)}`);
        return found;
      }, 60_000);

    // when each runs, then the first waits for a worker of that type, named in words
    const job = await waitsOfInstance(await start(jobProcess), 'job');
    expect(job).toEqual([expect.objectContaining({ kind: 'job', elementId: 'lookup', taskType: jobType })]);
    expect(job[0]!.text).toMatch(
      new RegExp(`^Waiting for a worker of type “${jobType}” to finish “Look up the customer” \\(since .+ UTC\\)\\.$`),
    );
    // and the second is stuck with the incident's reason, and nothing else
    const stuck = await waitsOfInstance(await start(stuckProcess), 'incident');
    expect(stuck).toEqual([expect.objectContaining({ kind: 'incident', elementId: 'route', incidentType: 'CONDITION_ERROR' })]);
    expect(stuck[0]!.text).toMatch(/^Stuck at “Route by impact” since .+ UTC: .+ \(CONDITION_ERROR\); it goes on once the cause is fixed/);
  });

  it('is for staff: a requester is refused, another customer’s agent sees no such ticket', async () => {
    const raised = await system.injectAs('rita', {
      method: 'POST',
      url: '/tickets',
      payload: {
        type: 'incident',
        title: `VPN again ${tag}`,
        description: 'x',
        impact: 'low',
        urgency: 'low',
        category: 'network',
        service,
      },
    });
    const number = (raised.result as { number: string }).number;
    expect((await system.injectAs('rita', { method: 'GET', url: `/tickets/${number}/waits` })).statusCode).toBe(403);
    expect((await system.injectAs('tomas', { method: 'GET', url: `/tickets/INC9999999/waits` })).statusCode).toBe(404);
    expect((await system.injectAs('tomas', { method: 'GET', url: `/tickets/not-a-number/waits` })).statusCode).toBe(400);
  });
});
