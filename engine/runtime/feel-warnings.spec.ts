import { compileProcess } from '../compiler';
import { bpmnDocument, flow } from '../compiler/fixtures/make-bpmn';
import { startProcess } from './interpreter';
import { viewProcessInstance } from './process-view';

/** A null from a missing variable is kept, as in Camunda 8, but never silent: feelin's warning stays on the element. */
describe('FEEL warnings on element instances', () => {
  const xml = bpmnDocument(
    `<bpmn:startEvent id="s" /><bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=reviewer" />
      <zeebe:ioMapping><zeebe:input source="=customer.name" target="who" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>${flow('f0', 's', 'review')}`,
  );

  it('records the warning of each expression that read a missing variable, and keeps the null', async () => {
    const { graph } = await compileProcess(xml);
    const { state } = startProcess(graph, {}, 0);
    const review = viewProcessInstance(graph, state).history.find((h) => h.elementId === 'review')!;
    expect(review.feelWarnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^customer\.name: Variable 'customer' not found/),
        "reviewer: Variable 'reviewer' not found",
      ]),
    );
    expect(viewProcessInstance(graph, state).openUserTasks[0]).not.toHaveProperty('assignee');
    expect(state.incidents).toEqual([]);
  });

  it('records the warning of a condition that still answered, on the gateway that chose by it', async () => {
    // given a condition comparing a variable the instance does not have with null: true, as in Camunda 8
    const gateway = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="gw" default="fine" /><bpmn:endEvent id="unset" /><bpmn:endEvent id="ok" />
      ${flow('f0', 's', 'gw')}${flow('missing', 'gw', 'unset', '=approval = null')}${flow('fine', 'gw', 'ok')}`,
    );
    const { graph } = await compileProcess(gateway);
    const { state } = startProcess(graph, {}, 0);
    // then the token took that flow, and the gateway says which variable was missing
    expect(state.elementInstances.map((i) => i.elementId)).toEqual(['s', 'gw', 'unset']);
    const gw = viewProcessInstance(graph, state).history.find((h) => h.elementId === 'gw')!;
    expect(gw.feelWarnings).toEqual([expect.stringMatching(/^approval = null: Variable 'approval' not found/)]);
  });

  it('records nothing for graphs compiled before (their instances replay unchanged)', async () => {
    const { graph } = await compileProcess(xml);
    delete graph.strictFeelNulls;
    const { state } = startProcess(graph, {}, 0);
    expect(state.elementInstances.every((i) => i.feelWarnings === undefined)).toBe(true);
  });
});
