/**
 * The workflow bundle of the engine benchmark: the BPMN interpreter and, beside it, the same process
 * written by hand as a Temporal workflow, so both run on one worker against one server.
 */
import { ApplicationFailure, condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
export { bpmnProcess } from '../workflows/bpmn-process';

export const handwrittenState = defineQuery<{ taskOpen: boolean }>('handwritten.state');
export const handwrittenComplete = defineUpdate<void, [Record<string, unknown>]>('handwritten.complete');

const { work } = proxyActivities<{ work(input: { step: string; variables: Record<string, unknown> }): Promise<Record<string, unknown>> }>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** start → service task → exclusive gateway → user task → parallel fork of two service tasks → join → end */
export async function handwrittenIncident(input: { variables: Record<string, unknown> }): Promise<Record<string, unknown>> {
  const variables: Record<string, unknown> = { ...input.variables };
  let taskOpen = false;
  let completion: Record<string, unknown> | undefined;
  setHandler(handwrittenState, () => ({ taskOpen }));
  setHandler(
    handwrittenComplete,
    (v: Record<string, unknown>) => {
      completion = v;
      taskOpen = false;
    },
    {
      validator: (_v: Record<string, unknown>) => {
        if (!taskOpen) throw ApplicationFailure.nonRetryable('the task is not open', 'TASK_NOT_OPEN');
      },
    },
  );
  Object.assign(variables, await work({ step: 'log', variables }));
  const urgent = variables.priority === 'P1'; // the exclusive gateway: both branches lead to the same task
  taskOpen = true;
  await condition(() => completion !== undefined);
  Object.assign(variables, completion, { urgent });
  const [a, b] = await Promise.all([work({ step: 'notify', variables }), work({ step: 'close', variables })]);
  Object.assign(variables, a, b);
  return variables;
}
