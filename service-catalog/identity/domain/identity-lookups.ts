import type { EntityManager } from '@mikro-orm/postgresql';
import { setTenantScope } from '../../db/tenant';
import type { Role } from './roles';
import { tenantScopeOf, type Principal } from './principal';

/**
 * The directory lookups made before any tenant is known: sign-in by username, a token's owner by its
 * hash, a verified token's user by id. The directory's tables are under row-level security
 * (migrations/Migration20261223000000_identity_row_level_security.ts), so these go through that
 * migration's narrow `SECURITY DEFINER` functions — one exact key in, only the columns the check needs
 * out — and, once the user is known, {@link actAs} gives the entity manager that user's own scope.
 */

/** What a verified token's user is now: enough to build a {@link Principal}, never the password hash. */
export interface Identity {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  organizationId: string | null;
  groupIds: string[];
  servedOrganizationIds: string[];
  active: boolean;
  tokenVersion: number;
}

export async function signInAccount(
  em: EntityManager,
  username: string,
): Promise<{ id: string; passwordHash: string | null; active: boolean } | null> {
  const [row] = await em.execute<Array<{ id: string; password_hash: string | null; active: boolean }>>(
    'select id, password_hash, active from flowdesk_sign_in_user(?)',
    [username],
  );
  return row ? { id: row.id, passwordHash: row.password_hash, active: row.active } : null;
}

export async function identityOf(em: EntityManager, userId: string): Promise<Identity | null> {
  const [row] = await em.execute<Array<Record<string, unknown>>>('select * from flowdesk_identity_of(?)', [userId]);
  if (!row) return null;
  return {
    id: String(row.id),
    username: String(row.username),
    displayName: String(row.display_name),
    roles: row.roles as Role[],
    organizationId: (row.organization_id as string | null) ?? null,
    groupIds: row.group_ids as string[],
    servedOrganizationIds: row.served_organization_ids as string[],
    active: Boolean(row.active),
    tokenVersion: Number(row.token_version ?? 0),
  };
}

/** The user a refresh token (by its hash) was issued to, whether or not it is still valid. */
export async function refreshTokenOwner(em: EntityManager, tokenHash: string): Promise<string | null> {
  const [row] = await em.execute<Array<{ owner: string | null }>>('select flowdesk_refresh_token_owner(?) as owner', [tokenHash]);
  return row?.owner ?? null;
}

export interface ApiTokenStatus {
  id: string;
  userId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export async function apiTokenFor(em: EntityManager, tokenHash: string): Promise<ApiTokenStatus | null> {
  const [row] = await em.execute<Array<Record<string, Date | string | null>>>('select * from flowdesk_api_token_for(?)', [tokenHash]);
  if (!row) return null;
  const at = (v: Date | string | null | undefined) => (v == null ? null : new Date(v));
  return {
    id: String(row.id),
    userId: String(row.user_id),
    expiresAt: at(row.expires_at),
    revokedAt: at(row.revoked_at),
    lastUsedAt: at(row.last_used_at),
  };
}

/**
 * From here on `em` reads and writes as `principal` would: its scope's rows, its own user row and
 * tokens, nobody else's customers. The user id travels like the scope (transaction-local, see
 * db/tenant.ts) and is what the directory's policies call `flowdesk_acting_user()`.
 */
export function actAs(em: EntityManager, principal: Principal): void {
  setTenantScope(em, tenantScopeOf(principal));
  // The system acting for someone without an account is no user row.
  em.setSessionContext({ variables: { 'flowdesk.user_id': principal.via === 'system' ? '' : principal.userId } });
}
