import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken } from './api-token.entity';
import { Group } from './group.entity';
import { actAs, apiTokenFor, identityOf, type Identity } from './identity-lookups';
import type { Principal } from './principal';
import { sessionIsLive } from './session-revocation';
import { sha256, type AccessTokenClaims } from './token-codec';

/** Turns an authenticated user id into a {@link Principal}, reading roles and memberships as they are now. */
export async function loadPrincipal(em: EntityManager, userId: string, via: Principal['via'], tokenId?: string): Promise<Principal | null> {
  const identity = await identityOf(em, userId);
  return identity?.active ? principalFor(em, identity, via, tokenId) : null;
}

/**
 * The user of a verified access token, if the token is still current: the user is active, the token
 * carries the user's token version (no password change, deactivation or revocation since), and its
 * session was not ended (logout, replayed refresh token). Checked on every request, so ending a
 * session takes effect at once instead of when its access tokens expire. The session is read under
 * the user's own scope (its refresh tokens are under row-level security).
 */
export async function principalForAccessToken(em: EntityManager, claims: AccessTokenClaims): Promise<Principal | null> {
  const identity = await identityOf(em, claims.sub);
  if (!identity?.active || identity.tokenVersion !== claims.ver) return null;
  const principal = await principalFor(em, identity, 'jwt');
  actAs(em, principal);
  return (await sessionIsLive(em, claims.sid, identity.id)) ? principal : null;
}

async function principalFor(em: EntityManager, user: Identity, via: Principal['via'], tokenId?: string): Promise<Principal> {
  const groups = user.groupIds.length ? await em.find(Group, { id: { $in: user.groupIds } }) : [];
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    organizationId: user.organizationId,
    servedOrganizationIds: [...user.servedOrganizationIds],
    groupKeys: groups.map((g) => g.key).sort(),
    via,
    ...(tokenId ? { tokenId } : {}),
  };
}

/** An API token's user, if the token exists, is not revoked and has not expired. */
export async function principalForApiToken(em: EntityManager, token: string): Promise<Principal | null> {
  const stored = await apiTokenFor(em, sha256(token));
  if (!stored || stored.revokedAt || (stored.expiresAt && stored.expiresAt <= new Date())) return null;
  const principal = await loadPrincipal(em, stored.userId, 'api-token', stored.id);
  if (!principal) return null;
  actAs(em, principal);
  // Only a coarse "last used" is kept, so a busy integration does not write on every request.
  if (!stored.lastUsedAt || Date.now() - stored.lastUsedAt.getTime() > 60_000) {
    await em.nativeUpdate(ApiToken, { id: stored.id }, { lastUsedAt: new Date() });
  }
  return principal;
}
