import type { Plugin } from '@hapi/hapi';
import type { SecurityConfig } from '../config';
import { authPlugin, type Authenticator } from './auth-plugin';
import { RateLimits } from './domain/rate-limits';
import { TokenCodec } from './domain/token-codec';
import './identity-context';
import { createApiToken } from './routes/create-api-token';
import { createContract } from './routes/create-contract';
import { createGroup } from './routes/create-group';
import { createOrganization } from './routes/create-organization';
import { createSite } from './routes/create-site';
import { createUser } from './routes/create-user';
import { getMe } from './routes/get-me';
import { getOrganization } from './routes/get-organization';
import { getSite } from './routes/get-site';
import { getUser } from './routes/get-user';
import { listApiTokens } from './routes/list-api-tokens';
import { listAuditLog } from './routes/list-audit-log';
import { listContracts } from './routes/list-contracts';
import { listGroups } from './routes/list-groups';
import { listOrganizations } from './routes/list-organizations';
import { listSites } from './routes/list-sites';
import { listUsers } from './routes/list-users';
import { login } from './routes/login';
import { logout } from './routes/logout';
import { refreshSession } from './routes/refresh-session';
import { revokeApiToken } from './routes/revoke-api-token';
import { revokeUserSessions } from './routes/revoke-user-sessions';
import { setMyAvailability } from './routes/set-my-availability';
import { updateGroup } from './routes/update-group';
import { updateMe } from './routes/update-me';
import { updateContract } from './routes/update-contract';
import { updateOrganization } from './routes/update-organization';
import { updateSite } from './routes/update-site';
import { updateUser } from './routes/update-user';

/**
 * Identity: the auth strategy every other plugin relies on (register this first), sessions, the
 * directory of users, groups and customer organisations with their sites and contracts, API tokens,
 * and the API audit log.
 */
export const identityPlugin: Plugin<{ security: SecurityConfig; authenticators?: Authenticator[] }> = {
  name: 'flowdesk-identity',
  async register(server, { security, authenticators }) {
    const codec = new TokenCodec(security.jwtSecret, security.accessTokenTtlSec);
    server.app.identity = {
      codec,
      refreshTtlSec: security.refreshTokenTtlSec,
      loginByIp: new RateLimits('login-ip', security.loginRateLimit.capacity, security.loginRateLimit.refillPerSec),
      loginByUsername: new RateLimits('login-username', security.loginRateLimit.capacity, security.loginRateLimit.refillPerSec),
    };
    await server.register({
      plugin: authPlugin,
      options: { codec, rateLimit: security.rateLimit, ...(authenticators ? { authenticators } : {}) },
    });
    server.route([
      login,
      refreshSession,
      logout,
      getMe,
      updateMe,
      setMyAvailability,
      listUsers,
      createUser,
      getUser,
      updateUser,
      revokeUserSessions,
      listGroups,
      createGroup,
      updateGroup,
      listOrganizations,
      createOrganization,
      getOrganization,
      updateOrganization,
      listSites,
      getSite,
      createSite,
      updateSite,
      listContracts,
      createContract,
      updateContract,
      listApiTokens,
      createApiToken,
      revokeApiToken,
      listAuditLog,
    ]);
  },
};
