import { ServiceError, isGrpcServiceError } from '@temporalio/client';

/** gRPC status codes that mean "the server is not there (or not answering) now": UNAVAILABLE, DEADLINE_EXCEEDED. */
const GRPC_UNAVAILABLE = new Set([14, 4]);
/** How the Temporal client words the same when it wraps the gRPC error in its own. */
const UNAVAILABLE_MESSAGE = /UNAVAILABLE|DEADLINE_EXCEEDED|No connection established|Connection dropped/i;

/**
 * Whether this error itself (not its causes: callers walk those) says Temporal is not there or not
 * answering now. Shared by the API's 503 mapping (service-catalog/http/dependency-errors.ts) and the
 * start breaker, so both call the same thing an outage.
 */
export function isTemporalUnavailable(e: unknown): boolean {
  return (isGrpcServiceError(e) && GRPC_UNAVAILABLE.has(e.code)) || (e instanceof ServiceError && UNAVAILABLE_MESSAGE.test(e.message));
}
