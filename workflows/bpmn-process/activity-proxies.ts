import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { EngineCommand } from '../../engine/runtime/process-state';
import { BPMN_ERROR_TYPE } from './bpmn-error';
import { DEFAULT_JOB_TIMEOUT_MS } from './external-jobs';
import type { EngineActivities, ExternalJobInput, ProjectionActivities, ServiceTaskInput, ServiceTaskOutput } from './messages';

export type ServiceTaskActivity = (input: ServiceTaskInput) => Promise<ServiceTaskOutput>;

const ENGINE_ACTIVITY_OPTIONS = { startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 5 } } as const;
const PROJECTION_ACTIVITY_OPTIONS = { startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } } as const;
/** Subscriptions must reach the table eventually, or a publisher cannot find the instance: retry until they do. */
const SUBSCRIPTION_ACTIVITY_OPTIONS = { startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } } as const;

/**
 * The engine's own short database steps, as activities and as local activities. A local activity runs
 * in the worker inside the workflow task that asked for it: no task queue round trip, no extra workflow
 * task, two history events fewer. Instances started before local activities existed keep the remote
 * ones (see `patched('local-activities')` below), so their histories replay.
 */
export const remote = {
  engine: proxyActivities<EngineActivities>(ENGINE_ACTIVITY_OPTIONS),
  projection: proxyActivities<ProjectionActivities>(PROJECTION_ACTIVITY_OPTIONS),
  subscription: proxyActivities<EngineActivities>(SUBSCRIPTION_ACTIVITY_OPTIONS),
};
const localProxies = {
  engine: proxyLocalActivities<EngineActivities>(ENGINE_ACTIVITY_OPTIONS),
  projection: proxyLocalActivities<ProjectionActivities>(PROJECTION_ACTIVITY_OPTIONS),
  subscription: proxyLocalActivities<EngineActivities>(SUBSCRIPTION_ACTIVITY_OPTIONS),
};

/** The activities one run calls, remote or local as the run's patch decision says. */
export class RunActivities {
  /**
   * Decided once per run, at the first activity: from then on the engine's steps and the host's local
   * task types (`input.localTaskTypes`) run as local activities. A history recorded before the patch
   * replays with remote activities throughout.
   */
  private localActivities: boolean | undefined;
  /**
   * Local activities run one at a time. Live, each result arrives in an activation of its own; in a
   * replay they come from the history's markers, several in one activation. With two in flight the
   * code after them could interleave differently and issue its next commands in another order, which
   * is a determinism break (the replay of the incident process caught it). One at a time, the order
   * is the same both ways.
   */
  private localTail: Promise<unknown> = Promise.resolve();
  private readonly local: typeof localProxies;
  private readonly localServiceTasks = new Map<number, Record<string, ServiceTaskActivity>>();
  private readonly localTaskTypes: Set<string>;

  /** `patched('activity-task-queue')`, asked at the first regular activity of a run that names a queue. */
  private onActivityQueue: boolean | undefined;

  constructor(
    localTaskTypes: readonly string[] | undefined,
    /** Where the regular activities go (`input.activityTaskQueue`); absent, the run's own task queue. */
    private readonly activityTaskQueue?: string,
  ) {
    this.local = {
      engine: serialized(localProxies.engine, this.oneAtATime),
      projection: serialized(localProxies.projection, this.oneAtATime),
      subscription: serialized(localProxies.subscription, this.oneAtATime),
    };
    this.localTaskTypes = new Set(localTaskTypes ?? []);
  }

  readonly runsLocally = (): boolean => (this.localActivities ??= patched('local-activities'));

  /**
   * The queue of the run's regular service tasks, when its input names one (the engine's own steps run
   * locally in every run that could name one). Only runs started with a queue
   * ask the patch (older inputs never name one), and a history recorded before it keeps the run's queue.
   */
  private activityQueue(): string | undefined {
    if (!this.activityTaskQueue) return undefined;
    this.onActivityQueue ??= patched('activity-task-queue');
    return this.onActivityQueue ? this.activityTaskQueue : undefined;
  }

  private readonly oneAtATime = <T>(call: () => Promise<T>): Promise<T> => {
    const result = this.localTail.then(call, call);
    this.localTail = result.catch(() => undefined);
    return result;
  };

  private localActivitiesWithRetries(retries: number): Record<string, ServiceTaskActivity> {
    let proxy = this.localServiceTasks.get(retries);
    if (!proxy) this.localServiceTasks.set(retries, (proxy = serialized(localProxiesWithRetries(retries), this.oneAtATime)));
    return proxy;
  }

  engine(): EngineActivities {
    return this.runsLocally() ? this.local.engine : remote.engine;
  }

  subscription(): EngineActivities {
    return this.runsLocally() ? this.local.subscription : remote.subscription;
  }

  projection(): ProjectionActivities {
    return this.runsLocally() ? this.local.projection : remote.projection;
  }

  /** Whether the command's work runs as a local activity (asked when it is dispatched). */
  runsLocallyNow(command: EngineCommand): boolean {
    return (
      (command.type === 'serviceTask.execute' && this.localTaskTypes.has(command.taskType) && this.runsLocally()) ||
      (command.type === 'businessRuleTask.evaluate' && this.runsLocally())
    );
  }

  serviceTask(taskType: string, retries: number): Record<string, ServiceTaskActivity> {
    return this.localTaskTypes.has(taskType) && this.runsLocally()
      ? this.localActivitiesWithRetries(retries)
      : activitiesWithRetries(retries, this.activityQueue());
  }
}

/**
 * A job waits on its queue until an external worker takes it; Temporal retries it for ever (a timed-out
 * activation is simply available again), and the job API fails it non-retryably when the worker's
 * retries run out, so the task becomes an incident.
 */
const jobProxies = new Map<string, Record<string, (input: ExternalJobInput) => Promise<ServiceTaskOutput>>>();
export function externalJobActivities(taskQueue: string): Record<string, (input: ExternalJobInput) => Promise<ServiceTaskOutput>> {
  let proxy = jobProxies.get(taskQueue);
  if (!proxy)
    jobProxies.set(
      taskQueue,
      (proxy = proxyActivities({
        taskQueue,
        startToCloseTimeout: DEFAULT_JOB_TIMEOUT_MS,
        retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: [BPMN_ERROR_TYPE] },
      })),
    );
  return proxy;
}

/** One activity proxy per retry budget, since the budget comes from each task's `zeebe:taskDefinition`. */
const proxiesByRetries = new Map<string, Record<string, ServiceTaskActivity>>();
const localProxiesByRetries = new Map<number, Record<string, ServiceTaskActivity>>();
const serviceTaskOptions = (retries: number) => ({
  startToCloseTimeout: '1 minute',
  retry: {
    maximumAttempts: retries,
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [BPMN_ERROR_TYPE],
  },
});
function activitiesWithRetries(retries: number, taskQueue: string | undefined): Record<string, ServiceTaskActivity> {
  const key = `${retries}:${taskQueue ?? ''}`;
  let proxy = proxiesByRetries.get(key);
  if (!proxy)
    proxiesByRetries.set(
      key,
      (proxy = proxyActivities<Record<string, ServiceTaskActivity>>({
        ...serviceTaskOptions(retries),
        ...(taskQueue ? { taskQueue } : {}),
      })),
    );
  return proxy;
}

function localProxiesWithRetries(retries: number): Record<string, ServiceTaskActivity> {
  let proxy = localProxiesByRetries.get(retries);
  if (!proxy)
    localProxiesByRetries.set(retries, (proxy = proxyLocalActivities<Record<string, ServiceTaskActivity>>(serviceTaskOptions(retries))));
  return proxy;
}

/** The same activities, each call queued behind the previous one (see `oneAtATime`). */
function serialized<T extends object>(proxy: T, queue: <R>(call: () => Promise<R>) => Promise<R>): T {
  return new Proxy(proxy, {
    get:
      (target, name) =>
      (...args: unknown[]) =>
        queue(() => (target as Record<string | symbol, (...a: unknown[]) => Promise<unknown>>)[name]!(...args)),
  });
}
