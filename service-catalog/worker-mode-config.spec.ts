import { loadConfig } from './config';

describe('worker mode settings', () => {
  it('runs workflows and activities on the one task queue by default', () => {
    const config = loadConfig({});
    expect(config.workerMode).toBe('all');
    expect(config.activityTaskQueue).toBeUndefined();
  });

  it('takes the activity task queue and the mode', () => {
    const config = loadConfig({ FLOWDESK_ACTIVITY_TASK_QUEUE: 'flowdesk-activities', FLOWDESK_WORKER_MODE: 'activities' });
    expect(config).toEqual(expect.objectContaining({ activityTaskQueue: 'flowdesk-activities', workerMode: 'activities' }));
  });

  it('treats an activity task queue equal to the task queue as unset (nothing to split)', () => {
    expect(loadConfig({ FLOWDESK_TASK_QUEUE: 'q', FLOWDESK_ACTIVITY_TASK_QUEUE: 'q' }).activityTaskQueue).toBeUndefined();
  });

  it('refuses an unknown mode, naming the variable', () => {
    expect(() => loadConfig({ FLOWDESK_WORKER_MODE: 'both' })).toThrow(/FLOWDESK_WORKER_MODE/);
  });

  it('leaves the pollers to the SDK unless told, and takes a number or auto for each task kind', () => {
    expect(loadConfig({}).pollers).toEqual({});
    const pollers = loadConfig({ FLOWDESK_WORKFLOW_TASK_POLLERS: '24', FLOWDESK_ACTIVITY_TASK_POLLERS: 'auto' }).pollers;
    expect(pollers).toEqual({ workflowTask: 24, activityTask: 'auto' });
  });

  it('refuses a poller count out of range or a word other than auto, naming the variable', () => {
    expect(() => loadConfig({ FLOWDESK_WORKFLOW_TASK_POLLERS: '0' })).toThrow(/FLOWDESK_WORKFLOW_TASK_POLLERS/);
    expect(() => loadConfig({ FLOWDESK_ACTIVITY_TASK_POLLERS: '101' })).toThrow(/FLOWDESK_ACTIVITY_TASK_POLLERS/);
    expect(() => loadConfig({ FLOWDESK_ACTIVITY_TASK_POLLERS: 'many' })).toThrow(/FLOWDESK_ACTIVITY_TASK_POLLERS/);
  });

  it('bounds the wait for a pooled database connection, 15 s unless told, and refuses a wait under 100 ms', () => {
    expect(loadConfig({}).databasePoolWaitMs).toBe(15_000);
    expect(loadConfig({ DATABASE_POOL_WAIT_MS: '2500' }).databasePoolWaitMs).toBe(2500);
    expect(() => loadConfig({ DATABASE_POOL_WAIT_MS: '50' })).toThrow(/DATABASE_POOL_WAIT_MS/);
  });
});
