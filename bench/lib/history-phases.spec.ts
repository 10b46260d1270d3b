import { phasesOf, type HistoryEventLike } from './history-phases';

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
const ev = (eventId: number, ms: number, eventType: number, extra: Partial<HistoryEventLike> = {}): HistoryEventLike => ({
  eventId,
  eventTime: at(ms),
  eventType,
  ...extra,
});

// started → WT → audit activity → WT → projection → WT, at 1 000 000 ms + offsets
const T = 1_000_000;
const history: HistoryEventLike[] = [
  ev(1, T, 1),
  ev(2, T, 5),
  ev(3, T + 10, 6, { workflowTaskStartedEventAttributes: { scheduledEventId: 2 } }),
  ev(4, T + 40, 7, { workflowTaskCompletedEventAttributes: { startedEventId: 3 } }),
  ev(5, T + 40, 10, { activityTaskScheduledEventAttributes: { activityType: { name: 'audit' } } }),
  ev(6, T + 60, 11, { activityTaskStartedEventAttributes: { scheduledEventId: 5 } }),
  ev(7, T + 75, 12, { activityTaskCompletedEventAttributes: { scheduledEventId: 5, startedEventId: 6 } }),
  ev(8, T + 75, 5),
  ev(9, T + 80, 6, { workflowTaskStartedEventAttributes: { scheduledEventId: 8 } }),
  ev(10, T + 100, 7, { workflowTaskCompletedEventAttributes: { startedEventId: 9 } }),
  ev(11, T + 100, 10, { activityTaskScheduledEventAttributes: { activityType: { name: 'projectProcessInstance' } } }),
  ev(12, T + 130, 11, { activityTaskStartedEventAttributes: { scheduledEventId: 11 } }),
  ev(13, T + 140, 12, { activityTaskCompletedEventAttributes: { scheduledEventId: 11, startedEventId: 12 } }),
];

describe('phasesOf', () => {
  it('sums queue waits and running times of workflow tasks and of each activity type', () => {
    const p = phasesOf(history);
    expect(p).toMatchObject({
      events: 13,
      workflowTasks: 2,
      workflowTaskQueuedMs: 15,
      workflowTaskRunningMs: 50,
      activityQueuedMs: 50,
      spanMs: 140,
    });
    expect(Object.fromEntries(p.activityRunningMs)).toEqual({ audit: 15, projectProcessInstance: 10 });
  });

  it('leaves out what happened after the moment given', () => {
    const p = phasesOf(history, T + 90);
    expect(p).toMatchObject({ events: 9, workflowTasks: 1, workflowTaskQueuedMs: 15, spanMs: 80 });
    expect([...p.activityRunningMs.keys()]).toEqual(['audit']);
  });
});
