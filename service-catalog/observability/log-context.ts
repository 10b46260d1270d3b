import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';

/**
 * What every log line written while handling one API request or one activity carries: set where the
 * work starts (the HTTP listener, the activity interceptor) and read by the root logger's mixin, so
 * code deep in a domain service logs with the ids without being handed a child logger.
 */
export interface LogFields {
  requestId?: string;
  ticketNumber?: string;
  workflowId?: string;
  runId?: string;
  activityType?: string;
  traceId?: string;
}

const store = new AsyncLocalStorage<LogFields>();

/** Runs `fn` with its own (mutable) log fields; later steps of the same work may add to them. */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return store.run({ ...fields }, fn);
}

/** The fields of the work in progress, to add to (e.g. the ticket number once a route knows it); undefined outside one. */
export function currentLogFields(): LogFields | undefined {
  return store.getStore();
}

/** The pino mixin: the current work's ids, nothing outside one. */
export function logFieldsMixin(): object {
  return store.getStore() ?? {};
}

/** Names the ticket the work in progress is about once known (a ticket just raised), for its log lines and span. */
export function noteTicketNumber(number: string): void {
  const fields = store.getStore();
  if (fields) fields.ticketNumber = number;
  trace.getActiveSpan()?.setAttribute('flowdesk.ticket_number', number);
}
