import { InvalidInput } from '../../errors';

/**
 * A user task's public id: `<process instance id>.<element instance key>`. It names the workflow to
 * address without a lookup table, and stays unique because element instance keys never repeat.
 */
export function userTaskId(processInstanceId: string, elementInstanceKey: number): string {
  return `${processInstanceId}.${elementInstanceKey}`;
}

export function parseUserTaskId(taskId: string): { processInstanceId: string; elementInstanceKey: number } {
  const match = /^([0-9a-f-]{36})\.(\d{1,9})$/i.exec(taskId);
  if (!match) {
    throw new InvalidInput('INVALID_TASK_ID', `"${taskId}" is not a task id (expected <process instance id>.<number>)`, [
      { field: 'params.id', message: 'expected <process instance id>.<number>' },
    ]);
  }
  return { processInstanceId: match[1]!.toLowerCase(), elementInstanceKey: Number(match[2]) };
}
