import { pollerOptions } from './process-worker';

describe("the worker's long polls", () => {
  it('leaves them to the SDK when unset', () => {
    expect(pollerOptions()).toEqual({});
    expect(pollerOptions({})).toEqual({});
  });

  it('keeps a fixed number open, or lets the SDK scale them, per task kind', () => {
    expect(pollerOptions({ workflowTask: 24, activityTask: 'auto' })).toEqual({
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 24 },
      activityTaskPollerBehavior: { type: 'autoscaling' },
    });
    expect(pollerOptions({ activityTask: 16 })).toEqual({ activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 16 } });
  });
});
