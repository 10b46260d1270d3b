import { PassThrough } from 'node:stream';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { hasRole, tenantScopeOf } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { mayHear, type TicketChanged } from '../domain/live-event';
import type { LiveFeed } from '../domain/live-feed';
import { eventStreamResponse, isInjected, keepStreamOpen } from './event-stream';

export interface LiveStreams {
  feed: LiveFeed;
  /** Open streams, ended when the server stops (they would otherwise hold its drain until its timeout). */
  open: Set<PassThrough>;
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * `GET /live/tickets`: server-sent events naming tickets that changed and that the caller may read — a
 * `ticket` event per change (`{ kind, ticketId, number }`, or `{ kind: 'process', processInstanceId }` when a
 * ticket's process opened or closed a task), `resync` when changes may have been missed.
 * Reading what changed is the ordinary API's business, so a push never carries more than a reference.
 */
export function liveTicketsRoute(streams: LiveStreams): ServerRoute {
  return {
    method: 'GET',
    path: '/live/tickets',
    options: {
      // An event stream stays open for minutes: it must not hold one of the places of admission control.
      plugins: { admission: 'exempt' },
      tags: ['api', 'live'],
      description: 'Server-sent events: which tickets you may read changed (instead of polling lists and ticket pages)',
      notes:
        'text/event-stream. Events: `ticket` with `{ kind: ticket|reply|note|chat, ticketId, number }` (chat: staff only) (number is null for entries) or `{ kind: process, processInstanceId }`, `resync` after a gap. The stream ends after five minutes; reconnect (the browser EventSource does).',
    },
    async handler(request, h) {
      const principal = principalOf(request);
      const scope = tenantScopeOf(principal);
      const staff = hasRole(principal, ...STAFF_ROLES);
      const stream = new PassThrough();
      const send = (event: TicketChanged) => {
        // Typing is for the chat's own stream (service-catalog/chat), not for every desk tab.
        if (event.kind === 'typing' || !mayHear(scope, staff, event)) return;
        stream.write(
          frame(
            'ticket',
            event.kind === 'process'
              ? { kind: event.kind, processInstanceId: event.id }
              : { kind: event.kind, ticketId: event.id, number: event.number },
          ),
        );
      };
      const resync = () => stream.write(frame('resync', {}));
      const unsubscribe = await streams.feed.subscribe(send, resync);
      const end = keepStreamOpen(request, stream, streams.open, unsubscribe);
      // The first bytes go out at once, so the client knows the stream is open (and how soon to come back).
      stream.write('retry: 3000\n\n');
      // An injected request gets the opening frame only (see event-stream.ts).
      if (isInjected(request)) end();
      return eventStreamResponse(h, stream);
    },
  };
}
