export * from './engine-client';
export * from '../runtime/messages';
export type { ProcessInstanceView, OpenUserTask } from '../runtime/process-view';
export type { Incident } from '../runtime/process-state';
export { bpmnError, BPMN_ERROR_TYPE } from '../runtime/bpmn-error';
