import type { Plugin } from '@hapi/hapi';
import type { Logger } from '../logger';
import { LiveFeed } from './domain/live-feed';
import { liveTicketsRoute, type LiveStreams } from './routes/live-tickets';

export interface LiveOptions {
  /** The database whose ticket triggers announce changes (any role may LISTEN). */
  databaseUrl: string;
  log: Logger;
}

/** Live updates: server-sent events fed by PostgreSQL LISTEN/NOTIFY, so every API node hears every change. */
export const livePlugin: Plugin<LiveOptions> = {
  name: 'flowdesk-live',
  register(server, opts) {
    const streams: LiveStreams = { feed: new LiveFeed(opts.databaseUrl, opts.log), open: new Set() };
    server.route(liveTicketsRoute(streams));
    // The chat plugin pushes over the same feed: one LISTEN connection per node for everything live.
    server.expose('feed', streams.feed);
    server.ext('onPreStop', async () => {
      for (const stream of streams.open) stream.end();
      await streams.feed.close();
    });
  },
};
