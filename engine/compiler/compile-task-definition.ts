import type { ModdleElement } from './parse-bpmn';
import { zeebeExtension, zeebeTaskHeaders } from './zeebe-extensions';

const DEFAULT_RETRIES = 3;

/** What a Zeebe job is made of: its type, the retries a worker gets, and the headers it reads. */
export interface TaskDefinition {
  taskType: string;
  retries: number;
  headers: Record<string, string>;
}

/**
 * `zeebe:taskDefinition` and `zeebe:taskHeaders` of an element run as a job (a service task, a send task,
 * an ad-hoc sub-process with a job worker): the type must be set, the retries a whole number from 1 to 100.
 */
export function compileTaskDefinition(
  el: ModdleElement,
  problem: (message: string, code: string, field?: string) => void,
): TaskDefinition | undefined {
  const definition = zeebeExtension(el, 'zeebe:TaskDefinition');
  const taskType = typeof definition?.type === 'string' ? definition.type.trim() : '';
  if (!taskType) {
    problem(
      'has no task type: set zeebe:taskDefinition type so a worker activity can be chosen',
      'MISSING_TASK_TYPE',
      'zeebe:taskDefinition.type',
    );
    return undefined;
  }
  const retriesText = typeof definition?.retries === 'string' ? definition.retries.trim() : '';
  const retries = retriesText === '' ? DEFAULT_RETRIES : Number(retriesText);
  if (!Number.isInteger(retries) || retries < 1 || retries > 100) {
    problem(`retries must be a whole number from 1 to 100, not "${retriesText}"`, 'INVALID_RETRIES', 'zeebe:taskDefinition.retries');
    return undefined;
  }
  return { taskType, retries, headers: zeebeTaskHeaders(el) };
}
