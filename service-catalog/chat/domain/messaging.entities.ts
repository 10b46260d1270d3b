import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/** The kinds of messaging bridge; each is also the channel its tickets come in on. */
export const MESSAGING_KINDS = ['slack', 'teams', 'whatsapp', 'messenger', 'messaging'] as const;
export type MessagingKind = (typeof MESSAGING_KINDS)[number];

/**
 * One messaging bridge of an organisation: inbound messages are signed with `inboundSecret`; replies go
 * out through the webhook subscription `subscriptionId` (its own secret signs them).
 */
export const MessagingConnection = defineEntity({
  name: 'MessagingConnection',
  tableName: 'messaging_connection',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    kind: p.string().$type<MessagingKind>(),
    inboundSecret: p.string().lazy(),
    /** The secret the last rotation replaced, still accepted until `previousSecretUntil` (null: none). */
    previousInboundSecret: p.string().lazy().nullable(),
    previousSecretUntil: p.datetime().nullable(),
    secretRotatedAt: p.datetime().nullable(),
    outboundUrl: p.text().nullable(),
    subscriptionId: p.uuid().nullable(),
    createdAt: p.datetime(),
    /** Switched off by an admin: inbound messages are refused and its outbound subscription is paused; null: on. */
    disabledAt: p.datetime().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type MessagingConnection = InferEntity<typeof MessagingConnection>;

/** A bridge's conversation threaded to its current ticket (a new ticket after the old one closed for good). */
export const MessagingConversation = defineEntity({
  name: 'MessagingConversation',
  tableName: 'messaging_conversation',
  properties: {
    id: p.uuid().primary(),
    connectionId: p.uuid(),
    conversationId: p.string(),
    ticketId: p.uuid(),
    createdAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type MessagingConversation = InferEntity<typeof MessagingConversation>;

export type MessagingOutcome = 'created' | 'updated' | 'reopened';

/** Each message id a bridge sent, with what it did: a replay answers the same. */
export const MessagingMessage = defineEntity({
  name: 'MessagingMessage',
  tableName: 'messaging_message',
  properties: {
    id: p.uuid().primary(),
    connectionId: p.uuid(),
    messageId: p.string(),
    conversationId: p.string(),
    senderExternalId: p.string(),
    senderId: p.uuid().nullable(),
    ticketId: p.uuid(),
    outcome: p.string().$type<MessagingOutcome>(),
    receivedAt: p.datetime(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type MessagingMessage = InferEntity<typeof MessagingMessage>;

export const messagingEntities = [MessagingConnection, MessagingConversation, MessagingMessage];
