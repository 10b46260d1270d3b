import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Sends the SDK's logs, including replay-aware workflow `log` calls and activity `log` calls, through
 * our one pino logger. Must run once, before any worker or connection is created. With
 * `metricsBindAddress` (config TEMPORAL_WORKER_METRICS_BIND) the SDK also serves its worker metrics
 * (task slots, poll latency, schedule-to-start, sticky cache) in Prometheus text at
 * `http://<address>/metrics` (docs/observability.md).
 */
export function installRuntimeLogger(log: Logger, level: LogLevel = 'INFO', metricsBindAddress?: string): void {
  const sdk = log.child({ component: 'temporal' });
  Runtime.install({
    ...(metricsBindAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress, useSecondsForDurations: true } } } }
      : {}),
    // The process owner decides when to stop (API first, then the worker): no SDK signal handlers.
    shutdownSignals: [],
    logger: new DefaultLogger(level, (entry) => sdk[levels[entry.level]]({ ...entry.meta }, entry.message)),
  });
}
