import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotFound, NotPermitted } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { WebhookSubscription } from '../../webhooks/domain/webhook.entities';
import { ChatSite, PhoneLine } from './chat.entities';
import { MessagingConnection } from './messaging.entities';

/** What an admin may change on a channel: its name, whether it is on, and (chat sites) where it may be embedded. */
export interface ChannelChanges {
  name?: string;
  active?: boolean;
  allowedOrigins?: string[];
}

/**
 * Each kind of channel: its audit entity (the key is its audit actions' prefix), its 404, and what an
 * inbound request hears while it is off.
 */
const KINDS = {
  // A visitor reads this one in the widget: it says what they cannot do, not what the admin did.
  chatSite: {
    entity: 'ChatSite',
    unknown: 'CHAT_SITE_NOT_FOUND',
    what: 'chat site',
    refusal: 'CHAT_SITE_DISABLED',
    message: () => 'chat and the contact form are not available on this site',
  },
  phoneLine: {
    entity: 'PhoneLine',
    unknown: 'PHONE_LINE_NOT_FOUND',
    what: 'telephony line',
    refusal: 'PHONE_LINE_DISABLED',
    message: (since: Date) => `this telephony line was switched off by an admin on ${since.toISOString()}`,
  },
  messagingConnection: {
    entity: 'MessagingConnection',
    // As its secret rotation says it.
    unknown: 'UNKNOWN_MESSAGING_CONNECTION',
    what: 'messaging connection',
    refusal: 'MESSAGING_CONNECTION_DISABLED',
    message: (since: Date) => `this messaging connection was switched off by an admin on ${since.toISOString()}`,
  },
} as const;
type ChannelKind = keyof typeof KINDS;

interface Channels {
  chatSite: ChatSite;
  phoneLine: PhoneLine;
  messagingConnection: MessagingConnection;
}
type Channel = Channels[ChannelKind];

async function findChannel(em: EntityManager, kind: ChannelKind, id: string): Promise<Channel | null> {
  if (kind === 'chatSite') return em.findOne(ChatSite, { id });
  if (kind === 'phoneLine') return em.findOne(PhoneLine, { id });
  return em.findOne(MessagingConnection, { id });
}

/** A chat site's allowed origins as browsers send them, to compare with: scheme, host and port, no path or trailing slash. */
export const siteOrigins = (urls: readonly string[]): string[] => urls.map((o) => new URL(o).origin);

/** Whether a channel is on: what the admin lists show. */
export const channelState = (c: Channel) => ({ active: !c.disabledAt, disabledAt: c.disabledAt ?? null });

/**
 * Inbound traffic of a switched-off channel is refused (403, with a code naming which kind), after its
 * signature was checked where there is one: only the holder of the secret learns that it is off.
 */
export function refuseIfSwitchedOff(kind: ChannelKind, channel: Channel): void {
  if (!channel.disabledAt) return;
  const { refusal, message } = KINDS[kind];
  throw new NotPermitted(refusal, message(channel.disabledAt));
}

/**
 * Applies an admin's changes to the channel `id` of a kind and stores them (404 naming `params.id` for
 * an unknown one). Switching it off or on is its own audit entry (`chatSite.disabled`,
 * `phoneLine.enabled`, …) so a security review finds it; a rename or new origins are an `….updated`
 * entry with before and after. A messaging connection's outbound webhook subscription follows the
 * switch, so agents' replies stop going out while it is off.
 */
export async function changeChannel<K extends ChannelKind>(
  em: EntityManager,
  principal: Principal,
  kind: K,
  id: string,
  changes: ChannelChanges,
): Promise<Channels[K]> {
  const { entity, unknown, what } = KINDS[kind];
  // The admin's scope: a channel of an organisation they may not see is as unknown as one nobody made.
  const channel = (await findChannel(em, kind, id)) as Channels[K] | null;
  if (!channel) throw new NotFound(unknown, `params.id: there is no ${what} ${id}`);
  const actor = actorOf(principal);
  if (changes.active !== undefined && changes.active === !!channel.disabledAt) {
    channel.disabledAt = changes.active ? null : new Date();
    recordAudit(em, actor, { action: `${kind}.${changes.active ? 'enabled' : 'disabled'}`, entity, entityId: channel.id });
    if (kind === 'messagingConnection') await followSwitch(em, channel as MessagingConnection, changes.active);
  }
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (changes.name !== undefined && changes.name !== channel.name) {
    before.name = channel.name;
    after.name = changes.name;
    channel.name = changes.name;
  }
  if (kind === 'chatSite' && changes.allowedOrigins !== undefined) {
    const site = channel as ChatSite;
    const origins = [...new Set(siteOrigins(changes.allowedOrigins))];
    if (origins.join(' ') !== site.allowedOrigins.join(' ')) {
      before.allowedOrigins = site.allowedOrigins;
      after.allowedOrigins = origins;
      site.allowedOrigins = origins;
    }
  }
  if (Object.keys(after).length) recordAudit(em, actor, { action: `${kind}.updated`, entity, entityId: channel.id, before, after });
  await em.flush();
  return channel;
}

async function followSwitch(em: EntityManager, connection: MessagingConnection, active: boolean): Promise<void> {
  if (!connection.subscriptionId) return;
  const subscription = await em.findOne(WebhookSubscription, { id: connection.subscriptionId });
  if (subscription) subscription.active = active;
}
