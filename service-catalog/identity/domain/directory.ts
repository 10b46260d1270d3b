import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken } from './api-token.entity';
import { Group } from './group.entity';
import type { Principal } from './principal';
import { sha256 } from './token-codec';
import { User } from './user.entity';

/** Turns an authenticated user id into a {@link Principal}, reading roles and memberships as they are now. */
export async function loadPrincipal(em: EntityManager, userId: string, via: Principal['via'], tokenId?: string): Promise<Principal | null> {
  const user = await em.findOne(User, { id: userId });
  if (!user || !user.active) return null;
  const groups = user.groupIds.length ? await em.find(Group, { id: { $in: user.groupIds } }) : [];
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    organizationId: user.organizationId ?? null,
    servedOrganizationIds: [...user.servedOrganizationIds],
    groupKeys: groups.map((g) => g.key).sort(),
    via,
    ...(tokenId ? { tokenId } : {}),
  };
}

/** An API token's user, if the token exists, is not revoked and has not expired. */
export async function principalForApiToken(em: EntityManager, token: string): Promise<Principal | null> {
  const stored = await em.findOne(ApiToken, { tokenHash: sha256(token) });
  if (!stored || stored.revokedAt || (stored.expiresAt && stored.expiresAt <= new Date())) return null;
  // Only a coarse "last used" is kept, so a busy integration does not write on every request.
  if (!stored.lastUsedAt || Date.now() - stored.lastUsedAt.getTime() > 60_000) {
    await em.nativeUpdate(ApiToken, { id: stored.id }, { lastUsedAt: new Date() });
  }
  return loadPrincipal(em, stored.userId, 'api-token', stored.id);
}
