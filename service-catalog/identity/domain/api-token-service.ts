import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { NotFound } from '../../errors';
import { presentApiToken } from '../presenters';
import { ApiToken } from './api-token.entity';
import { randomToken, sha256 } from './token-codec';

/** A user's own API tokens: another user's token is "not found", never "forbidden". */
export class ApiTokenService {
  constructor(private readonly em: EntityManager) {}

  async list(userId: string): Promise<ApiToken[]> {
    return this.em.find(ApiToken, { userId }, { orderBy: { createdAt: 'desc' } });
  }

  /** @returns the stored token and its secret, which is shown this once and never stored. */
  async create(
    actor: Actor & { id: string },
    input: { name: string; expiresInDays?: number },
  ): Promise<{ token: ApiToken; secret: string }> {
    const secret = randomToken('fdk_');
    const now = new Date();
    const token = this.em.create(ApiToken, {
      id: randomUUID(),
      userId: actor.id,
      name: input.name,
      prefix: secret.slice(0, 10),
      tokenHash: sha256(secret),
      createdAt: now,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      lastUsedAt: null,
      revokedAt: null,
    });
    recordAudit(this.em, actor, { action: 'apiToken.created', entity: 'ApiToken', entityId: token.id, after: presentApiToken(token) });
    await this.em.flush();
    return { token, secret };
  }

  async revoke(actor: Actor & { id: string }, id: string): Promise<void> {
    const token = await this.em.findOne(ApiToken, { id, userId: actor.id });
    if (!token) throw new NotFound('API_TOKEN_NOT_FOUND', `API token ${id} does not exist`);
    if (token.revokedAt) return;
    const before = presentApiToken(token);
    token.revokedAt = new Date();
    recordAudit(this.em, actor, { action: 'apiToken.revoked', entity: 'ApiToken', entityId: id, before, after: presentApiToken(token) });
    await this.em.flush();
  }
}
