/**
 * Every activity the worker registers (createActivities), by name. A service task of any other type
 * is a job for an external worker (workflows/bpmn-process/external-jobs.ts). The API needs the list
 * without building the activities, so it is written out; in-process-task-types.spec.ts keeps it true.
 */
export const IN_PROCESS_TASK_TYPES: readonly string[] = [
  'audit',
  'resolveProcessDefinition',
  'resolveDecisionDefinition',
  'openEventSubscription',
  'closeEventSubscription',
  'startProcessAtTimer',
  'broadcastSignal',
  'sla-deadlines',
  'sla-clock',
  'business-deadline',
  'ticket-update',
  'ticket-create-linked',
  'ticket-route',
  'notify',
  'approvers',
  'change-assess',
  'approval-remind',
  'change-resolve-problems',
  'requester-manager',
  'problem-workaround',
  'problem-resolve-incidents',
  'problem-trend-check',
  'sla-escalate',
  'work-order-status',
  'work-order-escalate',
  'work-order-report',
  'work-order-parent',
  'work-order-auto-dispatch',
  'maintenance-due-check',
  'kb-publish',
  'kb-return',
  'projectProcessInstance',
];
