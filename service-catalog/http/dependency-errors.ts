import { WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError } from '@temporalio/client';
import { ConnectionException } from '@mikro-orm/core';
import { isTemporalUnavailable } from '../../workflows/client';

/** Socket errors: the peer is down, restarting, or unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * PostgreSQL SQLSTATEs of a server going away or not taking connections: class 08 (connection
 * exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
 */
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
/** What node-postgres says when the server dropped the connection or the pool could not get one in time. */
const PG_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery mode)/i;

export type Dependency = 'database' | 'Temporal';

/**
 * Which dependency, if any, an error says is unreachable right now. Such a request failed through no
 * fault of its own and may succeed when retried: the API answers 503 with `Retry-After`, never 500.
 * Looks through the error's `cause` chain, since both the ORM and the Temporal client wrap the
 * socket error they met.
 */
export function unavailableDependency(err: unknown): Dependency | undefined {
  let socket = false;
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (isTemporalUnavailable(e)) return 'Temporal';
    if (e instanceof ConnectionException) return 'database';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && PG_UNAVAILABLE.test(code)) return 'database';
    if (e instanceof Error && PG_MESSAGES.test(e.message)) return 'database';
    if (typeof code === 'string' && SOCKET_CODES.has(code)) socket = true;
  }
  // A bare socket error on a request path is our database: the API's only other peer is Temporal, whose errors are gRPC's.
  return socket ? 'database' : undefined;
}

/**
 * Whether a request to a process instance found no room or no worker: Temporal refused it for lack of
 * room (gRPC RESOURCE_EXHAUSTED: the instance already holds its limit of updates in flight while no
 * worker takes them, or the namespace is over its rate), or no worker took it before the update's
 * deadline, or the instance's last workflow task failed or timed out (gRPC FAILED_PRECONDITION "Workflow
 * Task in failed state": Temporal retries that task, and the update is accepted once it completes). That
 * is load or a worker away, not a fault of the request: the API answers 503.
 */
export function engineBusy(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e) && e.code === 8) return true;
    if (isGrpcServiceError(e) && e.code === 9 && WORKFLOW_TASK_FAILED.test(String(e.details ?? e.message))) return true;
  }
  return false;
}

const WORKFLOW_TASK_FAILED = /Workflow Task in failed state/i;

/** Seconds a client should wait before retrying a request a dependency outage refused: restarts take a few. */
export const DEPENDENCY_RETRY_AFTER_SEC = 5;
