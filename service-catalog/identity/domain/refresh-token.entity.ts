import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A refresh token, stored only as its SHA-256. Refreshing rotates it; all tokens descended from one
 * login share a `familyId`, so presenting a rotated (stolen) token again revokes the whole family.
 */
export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid().index(),
    familyId: p.uuid().index(),
    tokenHash: p.string().unique(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type RefreshToken = InferEntity<typeof RefreshToken>;
