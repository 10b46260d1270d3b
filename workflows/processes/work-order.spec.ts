import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProcess } from '../../engine/compiler/compile-process';
import { IN_PROCESS_TASK_TYPES } from '../activities/in-process-task-types';

const xml = readFileSync(join(__dirname, 'work-order.bpmn'), 'utf8');

describe('the work-order process (work-order.bpmn)', () => {
  it('compiles: dispatch, accept or reject back to dispatch, travel, check in, sign-off, check out, report, close', async () => {
    const compiled = await compileProcess(xml);
    expect(compiled.warnings).toEqual([]);
    const { elements } = compiled.graph;
    const actions = Object.fromEntries(
      Object.entries(elements)
        .filter(([, e]) => e.properties?.['ticket.actions'])
        .map(([id, e]) => [id, e.properties!['ticket.actions']]),
    );
    expect(actions).toEqual({
      Schedule: 'schedule',
      AcceptJob: 'accept,reject',
      Travel: 'start-travel',
      CheckIn: 'check-in',
      WorkAndSignOff: 'sign-off',
      CheckOut: 'check-out',
    });
    // Every service task is served in-process: none waits for an external job worker.
    const types = Object.values(elements)
      .map((e) => (e as { taskDefinition?: { type: string } }).taskDefinition?.type)
      .filter((t): t is string => Boolean(t));
    expect(types.filter((t) => !IN_PROCESS_TASK_TYPES.includes(t))).toEqual([]);
    expect(elements.LateDispatch).toMatchObject({ kind: 'boundaryEvent', attachedToId: 'Schedule', cancelActivity: false });
    expect(elements.LateArrival).toMatchObject({ kind: 'boundaryEvent', attachedToId: 'GoToSite', cancelActivity: false });
    // A reassignment interrupts the way to the site; the new technician accepts afresh.
    expect(elements.Reassigned).toMatchObject({ kind: 'boundaryEvent', attachedToId: 'GoToSite', cancelActivity: true });
    expect(elements.AutoDispatch).toMatchObject({ kind: 'serviceTask' });
  });
});
