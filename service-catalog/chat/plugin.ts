import type { PassThrough } from 'node:stream';
import type { Plugin } from '@hapi/hapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AttachmentSettings } from '../attachments/domain/attachment-service';
import { RateLimits } from '../identity/domain/rate-limits';
import type { LiveFeed } from '../live/domain/live-feed';
import type { Logger } from '../logger';
import type { OutgoingMailDeps } from '../mail/domain/outgoing-mail';
import type { PrivateTargets } from '../webhooks/domain/webhook-target';
import { ChatService, everyTenant } from './domain/chat-service';
import { ChatTokens } from './domain/chat-tokens';
import { callLogRoutes } from './routes/call-log-routes';
import { chatFileRoutes } from './routes/chat-file-routes';
import { chatRoutes, type ChatRouteDeps } from './routes/chat-routes';
import { contactAndSiteRoutes } from './routes/contact-and-sites';
import { deskChatStreamRoute } from './routes/desk-chat-stream';
import { messagingConnectionRoutes } from './routes/messaging-connection-routes';
import { messagingRoutes } from './routes/messaging-routes';
import { phoneRoutes } from './routes/phone-routes';
import { WIDGET_SOURCE } from './widget/widget-source';

export interface ChatOptions {
  /** Signs visitors' chat tokens (a key is derived from it). */
  secret: string;
  /** The API's own origin (`publicUrl`): its pages use the chat without an allowed origin. */
  publicUrl: string;
  /** The entity manager the sweep forks from. */
  em: EntityManager;
  log: Logger;
  mail?: OutgoingMailDeps;
  /** How often each API node looks for chats nobody took in time (default 5 s; any node may convert any chat, once). */
  sweepMs?: number;
  /** Where files sent in chats are kept, and their limits: those of ticket attachments. */
  attachments: AttachmentSettings;
  /** Whether a messaging connection's outbound URL may be a private address (tests; refused by default). */
  privateTargets?: PrivateTargets;
}

/**
 * Live chat, the embeddable widget and the contact form (issue 25): every conversation is a ticket.
 * Pushes go over the live plugin's LISTEN/NOTIFY feed (service-catalog/live), so a chat works across
 * several API nodes; nothing about a chat is kept in one node's memory.
 */
export const chatPlugin: Plugin<ChatOptions> = {
  name: 'flowdesk-chat',
  dependencies: ['flowdesk-live'],
  register(server, opts) {
    const feed = (server.plugins as unknown as Record<string, { feed: LiveFeed }>)['flowdesk-live']!.feed;
    const open = new Set<PassThrough>();
    const deps: ChatRouteDeps = {
      tickets: server.app.tickets,
      log: opts.log,
      ...(opts.mail ? { mail: opts.mail } : {}),
      tokens: new ChatTokens(opts.secret),
      feed,
      ownOrigin: new URL(opts.publicUrl).origin,
      limits: {
        start: new RateLimits('chat-start', 5, 5 / 60),
        message: new RateLimits('chat-message', 20, 1),
        contact: new RateLimits('contact-form', 5, 5 / 60),
      },
      open,
    };
    server.route([
      ...chatRoutes(deps),
      deskChatStreamRoute(deps),
      ...chatFileRoutes({ ...deps, attachments: opts.attachments }),
      ...contactAndSiteRoutes(deps),
      ...phoneRoutes(deps),
      ...callLogRoutes(deps),
      ...messagingRoutes(deps),
      ...messagingConnectionRoutes({ privateTargets: opts.privateTargets ?? 'refuse' }),
      {
        method: 'GET',
        path: '/widget.js',
        options: {
          tags: ['api', 'chat'],
          auth: false,
          cors: { origin: ['*'] },
          description: 'The embeddable chat widget: `<script src="…/widget.js" data-site-key="fdk_…" async>`',
        },
        handler: (_request, h) =>
          h.response(WIDGET_SOURCE).type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300'),
      },
    ]);
    let sweeping: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      if (sweeping) return;
      sweeping = ChatService.sweep(everyTenant(opts.em, 'chat sweep: chats nobody took in time'), deps)
        .catch((err: unknown) => opts.log.warn({ err }, 'chat sweep failed; trying again'))
        .finally(() => {
          sweeping = null;
        });
    }, opts.sweepMs ?? 5000);
    timer.unref();
    server.ext('onPreStop', async () => {
      clearInterval(timer);
      for (const stream of open) stream.end();
      // A sweep under way finishes while its database is still there, instead of failing as the process stops.
      await sweeping;
    });
  },
};
