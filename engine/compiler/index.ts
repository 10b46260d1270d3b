export * from './compile-problem';
export * from './compile-process';
export * from './process-graph';
export { MAX_BPMN_BYTES } from './parse-bpmn';
export { countFlowElements, assertWithinFlowElementLimit, MAX_FLOW_ELEMENTS } from './flow-element-limit';
