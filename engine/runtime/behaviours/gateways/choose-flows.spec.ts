import { compileProcess, type ProcessGraph } from '../../../compiler';
import { bpmnDocument, flow, serviceTask } from '../../../compiler/fixtures/make-bpmn';
import { startProcess, step } from '../../interpreter';
import type { ProcessState, StepResult } from '../../process-state';
import { NEW_INSTANCE_OPTIONS, RUNAWAY_GUARDS, type StepOptions } from '../../runaway-guards';

/** As histories recorded before sole flows' conditions were evaluated replay. */
const UNASKED: StepOptions = { guards: RUNAWAY_GUARDS };

/** start → gw (one outgoing flow, `f_only`, with `condition` unless undefined) → work (a service task) → end. */
async function soleFlowGraph(kind: 'exclusiveGateway' | 'inclusiveGateway', condition: string | undefined, gatewayAttributes = '') {
  const xml = bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:${kind} id="gw"${gatewayAttributes} />${serviceTask('work')}<bpmn:endEvent id="end" />
     ${flow('f0', 'start', 'gw')}${flow('f_only', 'gw', 'work', condition)}${flow('f1', 'work', 'end')}`,
    'sole_flow',
  );
  return (await compileProcess(xml)).graph;
}

const entered = (state: ProcessState) => state.elementInstances.map((i) => i.elementId);
const openIncidents = (state: ProcessState) => state.incidents.filter((i) => i.resolvedAt === undefined);
const startsWork = (result: StepResult) => result.commands.some((c) => c.type === 'serviceTask.execute' && c.elementId === 'work');

describe.each(['exclusiveGateway', 'inclusiveGateway'] as const)('a %s with one outgoing flow', (kind) => {
  it('takes the flow when its condition is true, and reports that it evaluated it', async () => {
    const graph = await soleFlowGraph(kind, '=amount > 100');
    const result = startProcess(graph, { amount: 500 }, 0, undefined, NEW_INSTANCE_OPTIONS);
    expect(entered(result.state)).toEqual(['start', 'gw', 'work']);
    expect(startsWork(result)).toBe(true);
    expect(result.state.incidents).toEqual([]);
    expect(result.soleFlowConditionsAffected).toBe(true);
  });

  it('raises an incident on the gateway when the condition is false and there is no default flow', async () => {
    const graph = await soleFlowGraph(kind, '=amount > 100');
    const result = startProcess(graph, { amount: 5 }, 0, undefined, NEW_INSTANCE_OPTIONS);
    expect(entered(result.state)).toEqual(['start', 'gw']);
    expect(startsWork(result)).toBe(false);
    expect(result.state.status).toBe('active');
    expect(openIncidents(result.state)).toEqual([
      expect.objectContaining({
        type: 'CONDITION_ERROR',
        elementId: 'gw',
        message:
          'no outgoing flow condition is true and the gateway has no default flow (its only outgoing flow f_only has the condition "amount > 100")',
      }),
    ]);
  });

  it('raises an incident naming the gateway, the flow and the expression when the condition is not a boolean', async () => {
    const graph = await soleFlowGraph(kind, '=amount');
    const result = startProcess(graph, { amount: 'lots' }, 0, undefined, NEW_INSTANCE_OPTIONS);
    expect(startsWork(result)).toBe(false);
    const [incident] = openIncidents(result.state);
    expect(incident).toMatchObject({ type: 'CONDITION_ERROR', elementId: 'gw' });
    expect(incident!.message).toBe('flow f_only: condition "amount" must evaluate to a boolean but was string');
  });

  it('raises an incident when the condition reads a variable that does not exist (null, not false)', async () => {
    const graph = await soleFlowGraph(kind, '=approved');
    const result = startProcess(graph, {}, 0, undefined, NEW_INSTANCE_OPTIONS);
    expect(startsWork(result)).toBe(false);
    expect(openIncidents(result.state)).toEqual([
      expect.objectContaining({
        elementId: 'gw',
        message: expect.stringContaining('condition "approved" must evaluate to a boolean but was null'),
      }),
    ]);
  });

  it('takes the flow once the variables are fixed and the incident is retried', async () => {
    const graph = await soleFlowGraph(kind, '=amount > 100');
    const started = startProcess(graph, { amount: 5 }, 0, undefined, NEW_INSTANCE_OPTIONS);
    const fixed = step(graph, started.state, { type: 'variables.set', variables: { amount: 200 } }, 1, NEW_INSTANCE_OPTIONS);
    const incidentKey = openIncidents(fixed.state)[0]!.key;
    const retried = step(graph, fixed.state, { type: 'incident.retry', incidentKey }, 2, NEW_INSTANCE_OPTIONS);
    expect(openIncidents(retried.state)).toEqual([]);
    expect(startsWork(retried)).toBe(true);
  });

  it('takes a flow without a condition unasked, reporting nothing (a merge carries no patch marker)', async () => {
    const graph = await soleFlowGraph(kind, undefined);
    const result = startProcess(graph, {}, 0, undefined, NEW_INSTANCE_OPTIONS);
    expect(entered(result.state)).toEqual(['start', 'gw', 'work']);
    expect(startsWork(result)).toBe(true);
    expect(result.soleFlowConditionsAffected).toBeUndefined();
  });

  it('takes its default flow unasked when that is its only flow', async () => {
    const graph = await soleFlowGraph(kind, undefined, ' default="f_only"');
    const result = startProcess(graph, {}, 0, undefined, NEW_INSTANCE_OPTIONS);
    expect(startsWork(result)).toBe(true);
    expect(result.soleFlowConditionsAffected).toBeUndefined();
  });

  it('without the option (histories recorded before it), takes the flow whatever its condition says', async () => {
    const graph = await soleFlowGraph(kind, '=amount > 100');
    const result = startProcess(graph, { amount: 5 }, 0, undefined, UNASKED);
    expect(entered(result.state)).toEqual(['start', 'gw', 'work']);
    expect(startsWork(result)).toBe(true);
    expect(result.state.incidents).toEqual([]);
    expect(result.soleFlowConditionsAffected).toBeUndefined();
  });
});

describe('gateways with several outgoing flows', () => {
  let graph: ProcessGraph;
  beforeAll(async () => {
    graph = (
      await compileProcess(
        bpmnDocument(
          `<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" /><bpmn:endEvent id="big" /><bpmn:endEvent id="small" />
           ${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=amount > 100')}${flow('f_small', 'gw', 'small', '=amount <= 100')}`,
          'two_flows',
        ),
      )
    ).graph;
  });

  it('choose as before, and report nothing for the sole-flow patch to decide', () => {
    const asked = startProcess(graph, { amount: 5 }, 0, undefined, NEW_INSTANCE_OPTIONS);
    const unasked = startProcess(graph, { amount: 5 }, 0, undefined, UNASKED);
    expect(entered(asked.state)).toEqual(['start', 'gw', 'small']);
    expect(asked.state).toEqual(unasked.state);
    expect(asked.soleFlowConditionsAffected).toBeUndefined();
  });
});
