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
});
