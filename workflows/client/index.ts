/**
 * The client surface of the process engine: what the API and the activities use to start, inspect and
 * steer BPMN process instances on Temporal. Code outside workflows/ imports from here, never from the
 * workflow internals.
 */
export * from './engine-client';
export * from '../bpmn-process/messages';
export type { ProcessInstanceView, OpenUserTask, ClosedUserTask } from '../../engine/runtime/process-view';
export type { Incident } from '../../engine/runtime/process-state';
export { describeWait, type Wait } from '../../engine/runtime/explain-waits';
export { bpmnError, BPMN_ERROR_TYPE } from '../bpmn-process/bpmn-error';
/** Which task types the worker runs as local activities: the client passes them to every instance it starts. */
export { LOCAL_TASK_TYPES } from '../activities/local-task-types';
/** Every task type the worker serves; the client passes them on, and any other type becomes an external job. */
export { IN_PROCESS_TASK_TYPES } from '../activities/in-process-task-types';
export * from './job-client';
export { JobResultRefused } from './task-listener-result';
export type { JobResult } from './job-result';
export type { TaskListenerResult, TaskDenial } from '../../engine/runtime/task-listener-result';
export * from './migration-batch-client';
export { ensureStartSweepSchedule } from './start-sweep-schedule';
export { isTemporalUnavailable } from './temporal-unavailable';
