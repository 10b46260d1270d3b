import Boom from '@hapi/boom';
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { principalForAccessToken, principalForApiToken } from './domain/directory';
import { actAs } from './domain/identity-lookups';
import type { Principal } from './domain/principal';
import type { TokenCodec } from './domain/token-codec';
import { RateLimits } from './domain/rate-limits';

/**
 * One way a bearer token can prove who is calling. The scheme asks each in turn; the first that
 * `accepts` the token decides. Adding OIDC is one more authenticator: verify the IdP's JWT against
 * its JWKS (`@hapi/jwt` keys accept a `uri`), then map `sub`/`email` to a local User and return
 * `loadPrincipal(em, user.id, 'oidc')` — routes, scopes and tenant filtering stay as they are.
 */
export interface Authenticator {
  name: string;
  accepts(token: string): boolean;
  authenticate(em: EntityManager, token: string): Promise<Principal | null>;
}

export const apiTokenAuthenticator: Authenticator = {
  name: 'api-token',
  accepts: (token) => token.startsWith('fdk_'),
  authenticate: (em, token) => principalForApiToken(em, token),
};

export const jwtAuthenticator = (codec: TokenCodec): Authenticator => ({
  name: 'jwt',
  accepts: (token) => token.split('.').length === 3,
  async authenticate(em, token) {
    const claims = codec.verifyAccess(token);
    return claims ? principalForAccessToken(em, claims) : null;
  },
});

export interface AuthOptions {
  codec: TokenCodec;
  rateLimit: { capacity: number; refillPerSec: number };
  /** Extra authenticators (e.g. OIDC), asked after the built-in ones. */
  authenticators?: Authenticator[];
}

export const AUTH_STRATEGY = 'flowdesk';

/**
 * The single auth strategy, made the default for every route: a route is public only if it says
 * `auth: false`. Credentials carry the {@link Principal}; its roles are the hapi scopes routes ask for.
 * Once authenticated, a request is rate limited per principal and its entity manager gets the
 * principal's tenant scope, before any handler or scope check runs.
 */
export const authPlugin: Plugin<AuthOptions> = {
  name: 'flowdesk-auth',
  register(server, options) {
    const authenticators = [apiTokenAuthenticator, jwtAuthenticator(options.codec), ...(options.authenticators ?? [])];
    const buckets = new RateLimits('principal', options.rateLimit.capacity, options.rateLimit.refillPerSec);

    server.auth.scheme(AUTH_STRATEGY, () => ({
      async authenticate(request: Request, h: ResponseToolkit) {
        const header = request.headers.authorization;
        const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
        if (!match)
          throw header
            ? Boom.unauthorized('malformed Authorization header: expected "Bearer <token>"', 'Bearer')
            : Boom.unauthorized(null, 'Bearer');
        const token = match[1]!;
        const authenticator = authenticators.find((a) => a.accepts(token));
        const principal = authenticator ? await authenticator.authenticate(request.app.em, token) : null;
        if (!principal) throw Boom.unauthorized('invalid or expired token', 'Bearer');
        return h.authenticated({ credentials: { user: principal, scope: [...principal.roles] } });
      },
    }));
    server.auth.strategy(AUTH_STRATEGY, AUTH_STRATEGY);
    server.auth.default(AUTH_STRATEGY);

    server.ext('onCredentials', async (request, h) => {
      const principal = request.auth.credentials?.user as Principal | undefined;
      if (!principal) return h.continue;
      const wait = await buckets.take(request.app.em, principal.tokenId ? `token:${principal.tokenId}` : `user:${principal.userId}`);
      if (wait > 0) throw tooManyRequests(wait, 'rate limit exceeded for this user');
      actAs(request.app.em, principal);
      return h.continue;
    });
  },
};

export function tooManyRequests(retryAfterSec: number, message: string): Boom.Boom {
  const boom = Boom.tooManyRequests(`${message}; retry after ${retryAfterSec} s`);
  boom.output.headers['Retry-After'] = String(retryAfterSec);
  return boom;
}

/** The authenticated principal of a route that requires auth. */
export function principalOf(request: Request): Principal {
  const principal = request.auth.credentials?.user as Principal | undefined;
  if (!principal) throw Boom.unauthorized(null, 'Bearer');
  return principal;
}
