import { InvalidInput } from '../../errors';

/**
 * A user task's public id: `<process instance id>.<element instance key>`. It names the workflow to
 * address without a lookup table, and stays unique because element instance keys never repeat.
 */
export function userTaskId(processInstanceId: string, elementInstanceKey: number): string {
  return elementInstanceRef(processInstanceId, elementInstanceKey);
}

/** How the API names anything keyed within a running process (an element instance, an incident): `<id>.<key>`. */
export function elementInstanceRef(processInstanceId: string, key: number): string {
  return `${processInstanceId}.${key}`;
}

/** Something keyed within a running process: the instance and the key (an element instance's, an incident's). */
export interface ElementInstanceRef {
  processInstanceId: string;
  elementInstanceKey: number;
}

export function parseUserTaskId(taskId: string): ElementInstanceRef {
  return parseElementInstanceRef(taskId, 'params.id', 'a task id');
}

/**
 * `<process instance id>.<element instance key>`, the way the API names an element instance of a running
 * process (a user task's id, an ad-hoc sub-process's key); otherwise a 400 naming `field`.
 */
export function parseElementInstanceRef(text: string, field: string, what = 'an element instance key'): ElementInstanceRef {
  const match = /^([0-9a-f-]{36})\.(\d{1,9})$/i.exec(text);
  if (!match) {
    throw new InvalidInput('INVALID_TASK_ID', `"${text}" is not ${what} (expected <process instance id>.<number>)`, [
      { field, message: 'expected <process instance id>.<number>' },
    ]);
  }
  return { processInstanceId: match[1]!.toLowerCase(), elementInstanceKey: Number(match[2]) };
}
