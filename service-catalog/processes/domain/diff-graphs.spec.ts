import { compileProcess } from '../../../engine/compiler';
import { bpmnDocument, flow } from '../../../engine/compiler/fixtures/make-bpmn';
import { diffGraphs } from './diff-graphs';

/** Start → Gw → A | B → <step> → End */
const doc = (condition: string, step = '<bpmn:userTask id="Step" />', stepId = 'Step') =>
  bpmnDocument(
    [
      '<bpmn:startEvent id="Start" />',
      '<bpmn:exclusiveGateway id="Gw" default="fb" />',
      '<bpmn:userTask id="A" name="A" />',
      '<bpmn:userTask id="B" name="B" />',
      step,
      '<bpmn:endEvent id="End" />',
      flow('f0', 'Start', 'Gw'),
      flow('fa', 'Gw', 'A', condition),
      flow('fb', 'Gw', 'B'),
      flow('ea', 'A', 'End'),
      flow('bx', 'B', stepId),
      flow('xe', stepId, 'End'),
    ].join('\n'),
  );

describe('diffGraphs', () => {
  it('reports added, removed and changed elements by id, with the changed fields', async () => {
    // given two versions that differ in one condition and one element
    const base = (await compileProcess(doc('=priority = "P1"', '<bpmn:userTask id="Old" />', 'Old'))).graph;
    const target = (await compileProcess(doc('=priority = "P2"', '<bpmn:userTask id="New" name="New step" />', 'New'))).graph;
    // when they are compared / then
    expect(diffGraphs(base, target)).toEqual({
      added: [{ id: 'New', kind: 'userTask', name: 'New step' }],
      removed: [{ id: 'Old', kind: 'userTask' }],
      changed: [
        { id: 'fa', kind: 'sequenceFlow', fields: ['condition'] },
        { id: 'bx', kind: 'sequenceFlow', fields: ['targetId'] },
        { id: 'xe', kind: 'sequenceFlow', fields: ['sourceId'] },
      ],
    });
  });

  it('finds nothing between a version and itself', async () => {
    const g = (await compileProcess(doc('=true'))).graph;
    expect(diffGraphs(g, g)).toEqual({ added: [], removed: [], changed: [] });
  });
});
