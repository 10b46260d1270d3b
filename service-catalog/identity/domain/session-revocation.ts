import type { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken } from './refresh-token.entity';
import type { User } from './user.entity';

/**
 * How an access token ends before it expires. It names its session (`sid`, the refresh-token family
 * of the sign-in) and the user's token version (`ver`); both are checked on every request.
 *
 * - A session is over once any refresh token of its family is revoked: logout and a replayed refresh
 *   token revoke the family, and that ends the session's access tokens too. Other sessions live on.
 * - A password change, a deactivation or an admin's revocation ends every session of the user: the
 *   version goes up (every access token issued before is refused) and every refresh token that could
 *   still be exchanged is revoked (no session can mint a new one).
 */

/** Whether the session an access token names was issued to this user and has not been ended. */
export async function sessionIsLive(em: EntityManager, familyId: string, userId: string): Promise<boolean> {
  const [row] = (await em.execute(
    'select count(*)::int as issued, count(revoked_at)::int as revoked from refresh_token where family_id = ? and user_id = ?',
    [familyId, userId],
  )) as Array<{ issued: number; revoked: number }>;
  return !!row && row.issued > 0 && row.revoked === 0;
}

/** Whether any refresh token of the family was revoked, i.e. the session was ended. */
export async function sessionEnded(em: EntityManager, familyId: string): Promise<boolean> {
  return (await em.count(RefreshToken, { familyId, revokedAt: { $ne: null } })) > 0;
}

/**
 * Ends every session of `user`: raises its token version and revokes each refresh token that could
 * still be exchanged. The version is queued on `em`, so the caller's flush writes it with the change
 * that caused it (new password, deactivation). The tokens are revoked at once, through the definer
 * function of migrations/…_own_tokens.ts: a user's tokens are under row-level security that admits
 * their owner alone, and an admin's (or the user's own) revocation is the one other path to them.
 * Revoking before the flush errs on the safe side: a failed change leaves the user signed out.
 */
export async function endSessionsOf(em: EntityManager, user: User, now = new Date()): Promise<void> {
  user.tokenVersion = (user.tokenVersion ?? 0) + 1;
  await em.execute('select flowdesk_revoke_refresh_tokens(?, ?)', [user.id, now]);
}
