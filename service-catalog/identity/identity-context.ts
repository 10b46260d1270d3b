import type { TokenCodec } from './domain/token-codec';
import type { TokenBuckets } from './domain/token-bucket';

/** What identity routes need from the server besides the request's entity manager. */
export interface IdentityContext {
  codec: TokenCodec;
  refreshTtlSec: number;
  /** Login attempts per client IP, and per username (reset by a successful login). */
  loginByIp: TokenBuckets;
  loginByUsername: TokenBuckets;
}

declare module '@hapi/hapi' {
  interface ServerApplicationState {
    identity: IdentityContext;
  }
}

/** Route `auth` for admin-only routes: one place that says who administers the directory. */
export const adminOnly = { access: { scope: ['admin'] } };
