import { createHash, randomBytes } from 'node:crypto';
import Jwt from '@hapi/jwt';

export interface AccessTokenClaims {
  sub: string;
  username: string;
  roles: string[];
  /** The session: the refresh-token family of the sign-in. Ending the session ends the token. */
  sid: string;
  /** The user's token version when it was issued; raising it ends every token of the user. */
  ver: number;
}

const ISSUER = 'flowdesk';
const AUDIENCE = 'flowdesk-api';
/** The only algorithm accepted: a token naming another (`none`, RS256 with our secret as key…) is refused. */
const ALGORITHM = 'HS256';

/** Signs and checks access JWTs; opaque refresh and API tokens are random strings stored hashed. */
export class TokenCodec {
  constructor(
    private readonly secret: string,
    readonly accessTtlSec: number,
  ) {}

  issueAccess(claims: AccessTokenClaims, nowMs = Date.now()): string {
    return Jwt.token.generate(
      { ...claims, iss: ISSUER, aud: AUDIENCE, typ: 'access' },
      { key: this.secret, algorithm: ALGORITHM },
      { ttlSec: this.accessTtlSec, now: nowMs },
    );
  }

  /**
   * @returns the claims, or null for anything expired, forged, malformed or of another algorithm. Whether
   * its session and version are still current is the directory's question (principalForAccessToken).
   */
  verifyAccess(token: string): AccessTokenClaims | null {
    try {
      const artifacts = Jwt.token.decode(token);
      Jwt.token.verify(artifacts, { key: this.secret, algorithm: ALGORITHM }, { iss: ISSUER, aud: AUDIENCE, sub: false, timeSkewSec: 5 });
      const payload = artifacts.decoded.payload as Record<string, unknown>;
      if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
      // A token without its session and version could not be ended early: refused, like any other malformed token.
      if (typeof payload.sid !== 'string' || !Number.isInteger(payload.ver)) return null;
      return {
        sub: payload.sub,
        username: String(payload.username),
        roles: (payload.roles as string[]) ?? [],
        sid: payload.sid,
        ver: payload.ver as number,
      };
    } catch {
      return null;
    }
  }
}

/** A random opaque token with a recognisable prefix (`fdr_` refresh, `fdk_` API key). */
export const randomToken = (prefix: 'fdr_' | 'fdk_') => prefix + randomBytes(32).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
