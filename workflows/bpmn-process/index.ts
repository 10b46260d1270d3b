/**
 * The workflow bundle's entry (the worker's `workflowsPath`): every workflow type the process worker
 * runs. Deterministic code only, for Temporal's sandbox: `@temporalio/workflow`, the pure engine, and
 * `import type` of activities.
 */
export { bpmnProcess } from './bpmn-process';
export { bpmnTimerStart } from './timer-start-workflow';
export { webhookDelivery } from './webhook-delivery-workflow';
export { processMigrationBatch } from './migration-batch-workflow';
export { processWhatIf } from './what-if-workflow';
export { processStartSweep } from './start-sweep-workflow';
