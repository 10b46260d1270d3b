import pino, { type Logger } from 'pino';
import { logFieldsMixin } from './observability/log-context';

/**
 * The one root logger; everything else takes a child of it. Lines written inside an API request or an
 * activity carry its ids (`requestId`, `ticketNumber`, `workflowId`, `runId`, `activityType`: see
 * observability/log-context.ts). `destination` is for tests that read what was logged.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { app: 'flowdesk' }, mixin: logFieldsMixin };
  return destination ? pino(options, destination) : pino(options);
}
export type { Logger };
