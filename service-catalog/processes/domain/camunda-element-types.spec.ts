import { compileProcess, type FlowNode, type FlowNodeKind } from '../../../engine/compiler';
import { bpmnDocument, flow } from '../../../engine/compiler/fixtures/make-bpmn';
import { CAMUNDA_ELEMENT_TYPES, camundaTypeOf } from './camunda-element-types';

const job = (type: string) => `<bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>`;
const loop =
  '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=rooms" inputElement="room" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>';

describe('Camunda element types of BPMN kinds', () => {
  it('names every kind the compiler produces by one of Camunda’s types', () => {
    // given every kind of compiled element
    const kinds: FlowNodeKind[] = [
      'startEvent',
      'endEvent',
      'task',
      'manualTask',
      'userTask',
      'serviceTask',
      'scriptTask',
      'businessRuleTask',
      'exclusiveGateway',
      'parallelGateway',
      'inclusiveGateway',
      'eventBasedGateway',
      'subProcess',
      'eventSubProcess',
      'callActivity',
      'boundaryEvent',
      'intermediateCatchEvent',
      'intermediateThrowEvent',
      'receiveTask',
    ];
    // when each is named / then it is one of Camunda's types, and never the fallback
    const types = kinds.map((kind) => camundaTypeOf({ kind } as FlowNode, false));
    for (const type of types) expect(CAMUNDA_ELEMENT_TYPES).toContain(type);
    expect(types).not.toContain('UNKNOWN');
    expect(new Set(types).size).toBe(kinds.length);
  });

  it('maps a compiled diagram’s elements as Camunda shows them', async () => {
    // given a diagram with a send task, a multi-instance user task and an ad-hoc sub-process
    const { graph } = await compileProcess(
      bpmnDocument(
        [
          '<bpmn:startEvent id="start" />',
          `<bpmn:sendTask id="notify">${job('notify')}</bpmn:sendTask>`,
          `<bpmn:userTask id="inspect"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>${loop}</bpmn:userTask>`,
          '<bpmn:adHocSubProcess id="extras"><bpmn:task id="extra" /></bpmn:adHocSubProcess>',
          '<bpmn:parallelGateway id="join" />',
          '<bpmn:endEvent id="end" />',
          flow('f1', 'start', 'notify'),
          flow('f2', 'notify', 'inspect'),
          flow('f3', 'inspect', 'extras'),
          flow('f4', 'extras', 'join'),
          flow('f5', 'join', 'end'),
        ].join(''),
      ),
    );
    const type = (id: string, inner = false) => camundaTypeOf(graph.elements[id], inner);
    // then / a send task is a job like a service task, which it compiles to
    expect(type('start')).toBe('START_EVENT');
    expect(type('notify')).toBe('SERVICE_TASK');
    // a multi-instance activity's body is not the task; its inner instances are
    expect(type('inspect')).toBe('MULTI_INSTANCE_BODY');
    expect(type('inspect', true)).toBe('USER_TASK');
    expect(type('extras')).toBe('AD_HOC_SUB_PROCESS');
    expect(type('extra')).toBe('TASK');
    expect(type('join')).toBe('PARALLEL_GATEWAY');
    expect(type('end')).toBe('END_EVENT');
    // an element its graph does not have cannot be told
    expect(type('gone')).toBe('UNKNOWN');
  });
});
