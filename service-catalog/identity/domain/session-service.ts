import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { NotAuthenticated } from '../../errors';
import { loadPrincipal } from './directory';
import { actAs, refreshTokenOwner, signInAccount } from './identity-lookups';
import { verifyPassword } from './passwords';
import { RefreshToken } from './refresh-token.entity';
import { sessionEnded } from './session-revocation';
import { randomToken, sha256, type TokenCodec } from './token-codec';
import { User } from './user.entity';

export class InvalidCredentials extends NotAuthenticated {
  readonly code = 'INVALID_CREDENTIALS';
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** Local sign-in: password → access JWT + rotating refresh token; refresh; logout. */
export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly codec: TokenCodec,
    private readonly refreshTtlSec: number,
  ) {}

  /** The same answer for an unknown user, a wrong password and a deactivated account: nothing to enumerate. */
  async login(username: string, password: string): Promise<{ user: User; tokens: TokenPair }> {
    // No tenant yet: the account is found through the narrow sign-in lookup, then read under its own scope.
    const account = await signInAccount(this.em, username.toLowerCase());
    const ok = await verifyPassword(account?.passwordHash, password);
    const user = account && ok && account.active ? await this.actAsUser(this.em, account.id) : null;
    if (!user) throw new InvalidCredentials('invalid username or password');
    const tokens = await this.issue(user, randomUUID());
    recordAudit(this.em, actorFor(user), { action: 'session.login', entity: 'User', entityId: user.id });
    await this.em.flush();
    return { user, tokens };
  }

  /**
   * Rotates: the presented token is spent and a new one issued in its family. A token presented a
   * second time means it leaked, so the whole family is revoked and the caller must sign in again.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    // The revocation of a reused family must commit, so the transaction returns the verdict and we throw after it.
    // Whose token it is, found before any tenant is known; the token itself is then read (and locked) under that user's scope.
    const owner = await refreshTokenOwner(this.em, sha256(refreshToken));
    if (!owner || !(await this.actAsUser(this.em, owner))) throw new InvalidCredentials('refresh token is invalid or expired');
    const outcome = await this.em.transactional(async (em): Promise<TokenPair | string> => {
      const stored = await em.findOne(RefreshToken, { tokenHash: sha256(refreshToken) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const now = new Date();
      if (!stored || stored.revokedAt || stored.expiresAt <= now) return 'refresh token is invalid or expired';
      // A revocation racing with this rotation may have reached only the token this one replaced: the session is over all the same.
      if (await sessionEnded(em, stored.familyId)) return 'this sign-in was ended; sign in again';
      if (stored.usedAt) {
        await em.nativeUpdate(RefreshToken, { familyId: stored.familyId, revokedAt: null }, { revokedAt: now });
        return 'refresh token was already used; all sessions from that sign-in are revoked';
      }
      const user = await em.findOne(User, { id: stored.userId });
      if (!user || !user.active) return 'account is not active';
      stored.usedAt = now;
      return new SessionService(em, this.codec, this.refreshTtlSec).issue(user, stored.familyId);
    });
    if (typeof outcome === 'string') throw new InvalidCredentials(outcome);
    return outcome;
  }

  /**
   * Revokes the sign-in the refresh token belongs to, which also ends its access tokens at once (their
   * session is checked on every request); other sign-ins of the user go on. Unknown tokens are ignored
   * (logout is idempotent).
   */
  async logout(refreshToken: string): Promise<void> {
    const owner = await refreshTokenOwner(this.em, sha256(refreshToken));
    if (!owner) return;
    // A deactivated user's sessions are already revoked: nothing to end.
    if (!(await this.actAsUser(this.em, owner))) return;
    const stored = await this.em.findOne(RefreshToken, { tokenHash: sha256(refreshToken) });
    if (!stored) return;
    await this.em.nativeUpdate(RefreshToken, { familyId: stored.familyId, revokedAt: null }, { revokedAt: new Date() });
  }

  /** Gives the entity manager the user's own scope and reads the user through it; null when inactive or gone. */
  private async actAsUser(em: EntityManager, userId: string): Promise<User | null> {
    const principal = await loadPrincipal(em, userId, 'jwt');
    if (!principal) return null;
    actAs(em, principal);
    return em.findOne(User, { id: userId });
  }

  private async issue(user: User, familyId: string): Promise<TokenPair> {
    const refreshToken = randomToken('fdr_');
    const now = new Date();
    this.em.create(RefreshToken, {
      id: randomUUID(),
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.refreshTtlSec * 1000),
      usedAt: null,
      revokedAt: null,
    });
    await this.em.flush();
    return {
      tokenType: 'Bearer',
      accessToken: this.codec.issueAccess({
        sub: user.id,
        username: user.username,
        roles: user.roles,
        sid: familyId,
        ver: user.tokenVersion ?? 0,
      }),
      expiresIn: this.codec.accessTtlSec,
      refreshToken,
      refreshExpiresIn: this.refreshTtlSec,
    };
  }
}

const actorFor = (user: User): Actor => ({ id: user.id, name: user.username });
