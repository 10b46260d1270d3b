import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnTooLargeError, compileProcess, countFlowElements, MAX_FLOW_ELEMENTS } from '.';
import { assertWithinFlowElementLimit } from './flow-element-limit';
import { bpmnDocument, flow, serviceTask } from './fixtures/make-bpmn';

const BPMN = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"';

describe('countFlowElements', () => {
  it.each([
    ['tasks and flows of the process', bpmnDocument(`<bpmn:startEvent id="s"/>${serviceTask('t')}${flow('f', 's', 't')}`), 3],
    [
      'elements inside a subprocess count too',
      bpmnDocument('<bpmn:subProcess id="sp"><bpmn:startEvent id="s"/><bpmn:endEvent id="e"/></bpmn:subProcess>'),
      3,
    ],
    [
      'the default namespace',
      '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><task id="a"/><task id="b"></task></process></definitions>',
      2,
    ],
    [
      'any prefix bound to the BPMN namespace',
      '<x:definitions xmlns:x="http://www.omg.org/spec/BPMN/20100524/MODEL"><x:process id="p"><x:userTask id="a"/></x:process></x:definitions>',
      1,
    ],
    [
      'zeebe:userTask is an extension, not a flow element',
      bpmnDocument('<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>'),
      1,
    ],
    [
      'comments and CDATA hide nothing',
      bpmnDocument(
        '<!-- <bpmn:task id="c"/> --><bpmn:scriptTask id="s"><bpmn:script><![CDATA[ <bpmn:task id="d"/> ]]></bpmn:script></bpmn:scriptTask>',
      ),
      1,
    ],
    [
      'a ">" inside an attribute value does not end the tag',
      bpmnDocument('<bpmn:sequenceFlow id="f" name="a > b" sourceRef="x" targetRef="y"/><bpmn:task id="t"/>'),
      2,
    ],
    [
      'a non-executable pool is left out, as the compiler leaves it out',
      `<bpmn:definitions ${BPMN}><bpmn:process id="customer" isExecutable="false"><bpmn:task id="c1"/><bpmn:task id="c2"/></bpmn:process><bpmn:process id="p" isExecutable="true"><bpmn:task id="t"/></bpmn:process></bpmn:definitions>`,
      1,
    ],
    [
      'truncated text counts what it saw and does not throw',
      bpmnDocument('<bpmn:task id="a"/>').replace(/\s*<\/bpmn:process>[\s\S]*$/, '<bpmn:task id="b'),
      1,
    ],
  ])('%s', (_name, xml, expected) => {
    expect(countFlowElements(xml)).toBe(expected);
  });

  it('agrees with the compiler on the shipped incident process (every element and flow)', async () => {
    const xml = readFileSync(join(__dirname, '../../workflows/processes/incident.bpmn'), 'utf8');
    const { graph } = await compileProcess(xml);
    expect(countFlowElements(xml)).toBe(Object.keys(graph.elements).length + Object.keys(graph.flows).length);
  });

  it('refuses one element over the limit with the count and the limit, and lets the limit itself through', () => {
    const tasks = (n: number) => bpmnDocument(Array.from({ length: n }, (_, i) => `<bpmn:task id="t${i}"/>`).join(''));
    expect(() => assertWithinFlowElementLimit(tasks(MAX_FLOW_ELEMENTS))).not.toThrow();
    const refusal = (() => {
      try {
        assertWithinFlowElementLimit(tasks(MAX_FLOW_ELEMENTS + 1));
      } catch (err) {
        return err;
      }
    })();
    expect(refusal).toBeInstanceOf(BpmnTooLargeError);
    expect((refusal as BpmnTooLargeError).problems).toEqual([
      { code: 'TOO_MANY_ELEMENTS', message: `the diagram has ${MAX_FLOW_ELEMENTS + 1} flow elements; the limit is ${MAX_FLOW_ELEMENTS}` },
    ]);
  });
});
