import type { TokenCodec } from './domain/token-codec';
import type { RateLimits } from './domain/rate-limits';

/** What identity routes need from the server besides the request's entity manager. */
export interface IdentityContext {
  codec: TokenCodec;
  refreshTtlSec: number;
  /** Login attempts per client IP, and per username (reset by a successful login), shared by all API nodes. */
  loginByIp: RateLimits;
  loginByUsername: RateLimits;
}

declare module '@hapi/hapi' {
  interface ServerApplicationState {
    identity: IdentityContext;
  }
}

/** Route `auth` for admin-only routes: one place that says who administers the directory. */
export const adminOnly = { access: { scope: ['admin'] } };
