import { MockActivityEnvironment } from '@temporalio/testing';
import { createLogger } from '../service-catalog/logger';
import { workerInterceptors } from './worker-interceptors';

describe('activity log fields', () => {
  it('puts the workflow id, run id, activity type and ticket number on every line an activity logs', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const env = new MockActivityEnvironment(
      { activityType: 'ticket-route', workflowExecution: { workflowId: 'wf-1', runId: 'run-1' } },
      { interceptors: workerInterceptors().activity! },
    );
    await env.run(
      async (input: { businessKey?: string }) => {
        await Promise.resolve();
        log.info({ input: input.businessKey }, 'routing');
      },
      { businessKey: 'INC-000042' },
    );
    log.info('outside any activity');
    expect(lines[0]).toMatchObject({
      msg: 'routing',
      workflowId: 'wf-1',
      runId: 'run-1',
      activityType: 'ticket-route',
      ticketNumber: 'INC-000042',
    });
    expect(lines[1]).not.toHaveProperty('workflowId');
  });

  it('takes the ticket number from a ticketNumber variable when the instance has no business key', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const env = new MockActivityEnvironment({ activityType: 'notify' }, { interceptors: workerInterceptors().activity! });
    await env.run(async () => log.info('mailing'), { variables: { ticketNumber: 'INC-000043' } });
    expect(lines[0]).toMatchObject({ activityType: 'notify', ticketNumber: 'INC-000043' });
  });
});
