import { attributeValue, scanStartTags } from '../xml/scan-start-tags';
import { BpmnTooLargeError } from './compile-problem';

/** Diagrams beyond this are refused: an instance carries its graph in every workflow start. */
export const MAX_FLOW_ELEMENTS = 2000;

const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** BPMN 2.0's FlowElement subclasses (§8.3.13): what `flowElements` of a process or subprocess holds. */
const FLOW_ELEMENTS = new Set([
  'sequenceFlow',
  'task',
  'userTask',
  'serviceTask',
  'sendTask',
  'receiveTask',
  'manualTask',
  'businessRuleTask',
  'scriptTask',
  'callActivity',
  'subProcess',
  'transaction',
  'adHocSubProcess',
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
  'implicitThrowEvent',
  'exclusiveGateway',
  'inclusiveGateway',
  'parallelGateway',
  'eventBasedGateway',
  'complexGateway',
  'dataObject',
  'dataObjectReference',
  'dataStoreReference',
  'callChoreography',
  'choreographyTask',
  'subChoreography',
]);

/**
 * Flow elements of the executable processes in BPMN XML, nested subprocesses included, counted from
 * the text without parsing it. Processes marked `isExecutable="false"` (a customer's pool drawn for
 * context) are left out, as the compiler leaves them out.
 */
export function countFlowElements(xml: string): number {
  let count = 0;
  let inExecutableProcess = false;
  scanStartTags(xml, {
    start(tag) {
      if (tag.namespace !== BPMN_MODEL) return;
      if (tag.localName === 'process') {
        inExecutableProcess = !tag.selfClosing && attributeValue(xml, tag, 'isExecutable') !== 'false';
      } else if (inExecutableProcess && FLOW_ELEMENTS.has(tag.localName)) {
        count++;
      }
    },
    end(namespace, localName) {
      if (namespace === BPMN_MODEL && localName === 'process') inExecutableProcess = false;
    },
  });
  return count;
}

/**
 * Refuses a diagram over the element limit before anything parses it: parsing 100,000 elements takes
 * seconds, and the count takes milliseconds.
 * @throws BpmnTooLargeError naming the count and the limit
 */
export function assertWithinFlowElementLimit(xml: string): void {
  const count = countFlowElements(xml);
  if (count > MAX_FLOW_ELEMENTS) {
    const message = `the diagram has ${count} flow elements; the limit is ${MAX_FLOW_ELEMENTS}`;
    throw new BpmnTooLargeError(message, [{ message, code: 'TOO_MANY_ELEMENTS' }]);
  }
}
