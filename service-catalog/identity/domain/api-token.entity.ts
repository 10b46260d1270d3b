import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A long-lived token for an integration; it acts as its user. Stored only as its SHA-256. */
export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid().index(),
    name: p.string(),
    /** The first characters, so a user can tell tokens apart without the secret. */
    prefix: p.string(),
    tokenHash: p.string().unique(),
    createdAt: p.datetime(),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type ApiToken = InferEntity<typeof ApiToken>;
