import pg from 'pg';
import type { Logger } from '../../logger';
import { parseTicketChanged, type TicketChanged } from './live-event';

/** The NOTIFY channel the ticket triggers speak on. */
export const LIVE_CHANNEL = 'flowdesk_live';

type Listener = (event: TicketChanged) => void;

/**
 * One LISTEN connection per API process, shared by every open stream of that process. PostgreSQL
 * delivers each NOTIFY to every listening connection, so with several API nodes each node hears every
 * change committed anywhere: no node keeps state another would need. Opened with the first subscriber,
 * reconnected after a lost connection (subscribers are told, so they read again what they might have missed).
 */
export class LiveFeed {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly resyncs = new Set<() => void>();
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
  ) {}

  /** Calls `onEvent` for each change and `onResync` after a reconnect; returns the unsubscribe. */
  async subscribe(onEvent: Listener, onResync: () => void): Promise<() => void> {
    this.listeners.add(onEvent);
    this.resyncs.add(onResync);
    try {
      await this.connect();
    } catch (err) {
      this.log.warn({ err }, 'live feed: LISTEN connection failed; retrying');
      this.scheduleReconnect();
    }
    return () => {
      this.listeners.delete(onEvent);
      this.resyncs.delete(onResync);
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.listeners.clear();
    this.resyncs.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'flowdesk-live' });
      client.on('notification', (msg) => {
        if (msg.channel !== LIVE_CHANNEL) return;
        const event = parseTicketChanged(msg.payload);
        if (event) for (const listener of this.listeners) listener(event);
      });
      client.on('error', (err) => {
        this.log.warn({ err }, 'live feed: LISTEN connection lost; reconnecting');
        if (this.client === client) this.client = null;
        client.end().catch(() => undefined);
        this.scheduleReconnect();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${LIVE_CHANNEL}`);
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      }
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed || this.listeners.size === 0) return;
      this.connect().then(
        // Changes made while nobody listened are gone from PostgreSQL: every stream reads again.
        () => this.resyncs.forEach((resync) => resync()),
        () => this.scheduleReconnect(),
      );
    }, 1000);
    this.retryTimer.unref();
  }
}
