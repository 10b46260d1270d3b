import { threadId } from 'node:worker_threads';
import { compileProcess, compileProcesses } from '../../engine/compiler';
import { compileDecisions } from '../../engine/dmn';
import { toRefusal, type CompileOutcome, type CompileTask } from './compile-task';

/**
 * The task a compile worker thread runs (piscina calls the default export). Refusals come back as
 * data; anything else is a fault and rejects the task.
 */
export default async function compileInWorker(task: CompileTask): Promise<CompileOutcome> {
  try {
    const value =
      task.kind === 'bpmn'
        ? await (task.everyProcess ? compileProcesses : compileProcess)(
            task.xml,
            task.deployedProcessIds ? { deployedProcessIds: new Set(task.deployedProcessIds) } : {},
          )
        : await compileDecisions(task.xml);
    return { threadId, ok: true, value };
  } catch (err) {
    const refusal = toRefusal(err);
    if (refusal) return { threadId, ok: false, refusal };
    throw err;
  }
}
