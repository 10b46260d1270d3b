import { ApplicationFailure } from '@temporalio/common';

/** The failure type the workflow shell reads as a BPMN error rather than a technical failure. */
export const BPMN_ERROR_TYPE = 'BpmnError';

/**
 * What an activity throws to raise a BPMN error (Zeebe's "throw error" from a job worker): a matching
 * error boundary event catches it; it is never retried.
 */
export function bpmnError(errorCode: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: BPMN_ERROR_TYPE, message, nonRetryable: true, details: [{ errorCode }] });
}
