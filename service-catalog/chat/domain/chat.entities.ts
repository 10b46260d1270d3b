import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/**
 * A customer organisation's chat widget and contact form: the public `siteKey` a page embeds, the
 * origins allowed to embed it (a browser's `Origin` is checked against them) and the ticket type its
 * chats and forms raise. Tenant-owned: a requester's or an agent's scope reads only its organisation's.
 */
export const ChatSite = defineEntity({
  name: 'ChatSite',
  tableName: 'chat_site',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    siteKey: p.string().unique(),
    allowedOrigins: p.array().$type<string[]>(),
    ticketType: p.string().$type<'incident' | 'request'>(),
    createdAt: p.datetime(),
    /** Switched off by an admin: the widget and the contact form refuse the key; null: on. */
    disabledAt: p.datetime().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type ChatSite = InferEntity<typeof ChatSite>;

/** Desk configuration per assignment group: how long a chat waits for an agent, and its business hours. */
export const ChatQueue = defineEntity({
  name: 'ChatQueue',
  tableName: 'chat_queue',
  properties: {
    groupKey: p.string().primary(),
    offerSeconds: p.integer(),
    calendarId: p.uuid().nullable(),
    updatedAt: p.datetime(),
  },
});
export type ChatQueue = InferEntity<typeof ChatQueue>;

export type ChatState = 'waiting' | 'active' | 'ended' | 'ticket';

/**
 * The live part of a ticket raised on the chat channel; the transcript is the ticket's public replies.
 * `waiting` until an agent of `groupKey` takes it (or `offerUntil` passes: then `ticket`, a plain ticket
 * the desk answers by mail), `active` while an agent chats, `ended` when either side closes it.
 */
export const Chat = defineEntity({
  name: 'Chat',
  tableName: 'chat',
  properties: {
    id: p.uuid().primary(),
    ticketId: p.uuid().unique(),
    siteId: p.uuid().nullable(),
    /** The signed-in requester who started it; null for an anonymous visitor of a widget. */
    requesterId: p.uuid().nullable(),
    visitorName: p.string(),
    visitorEmail: p.string().nullable(),
    groupKey: p.string().nullable(),
    state: p.string().$type<ChatState>(),
    agentId: p.uuid().nullable(),
    startedAt: p.datetime(),
    offerUntil: p.datetime(),
    takenAt: p.datetime().nullable(),
    endedAt: p.datetime().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type Chat = InferEntity<typeof Chat>;

/** An organisation's telephony webhook: the secret its PBX or VoIP service signs call events with. */
export const PhoneLine = defineEntity({
  name: 'PhoneLine',
  tableName: 'phone_line',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    secret: p.string().lazy(),
    createdAt: p.datetime(),
    /** Switched off by an admin: its telephony events are refused; null: on. */
    disabledAt: p.datetime().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type PhoneLine = InferEntity<typeof PhoneLine>;

/** A call a line reported, threaded to the ticket it opened or updated; `events` are those applied (a replay is ignored). */
export const PhoneCall = defineEntity({
  name: 'PhoneCall',
  tableName: 'phone_call',
  properties: {
    id: p.uuid().primary(),
    lineId: p.uuid(),
    callId: p.string(),
    ticketId: p.uuid(),
    callerNumber: p.string(),
    events: p.array().$type<string[]>(),
    startedAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type PhoneCall = InferEntity<typeof PhoneCall>;

export const chatEntities = [ChatSite, ChatQueue, Chat, PhoneLine, PhoneCall];
