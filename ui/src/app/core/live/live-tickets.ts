import { Injectable, inject, signal } from '@angular/core';
import { Observable, Subject, firstValueFrom, share } from 'rxjs';
import { Session } from '../auth/session';
import { readEventStream } from './event-stream-reader';

/** What the API's `GET /live/tickets` stream says: a ticket (row or entry) or a ticket's process changed. */
export type LiveTicketEvent =
  | { kind: 'ticket' | 'reply' | 'note' | 'chat'; ticketId: string; number: string | null }
  | { kind: 'process'; processInstanceId: string }
  /** The stream was down for a while: changes may have been missed, read everything again. */
  | { kind: 'resync' };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MAX_BACKOFF_MS = 30_000;

/**
 * One server-sent event stream per tab, open while any page listens, shared by all of them. Read with
 * fetch rather than EventSource because the access token goes in a header, as on every other call.
 * The stream ends every few minutes on purpose (the token is checked again); after any gap a `resync`
 * makes every listener read again, so nothing changed meanwhile stays unseen.
 */
@Injectable({ providedIn: 'root' })
export class LiveTickets {
  private readonly session = inject(Session);
  private readonly events = new Subject<LiveTicketEvent>();
  private running: AbortController | null = null;
  /** Whether changes arrive live now; pages may say so (and fall back to their slow refresh meanwhile). */
  readonly connected = signal(false);

  readonly changes: Observable<LiveTicketEvent> = new Observable<LiveTicketEvent>((subscriber) => {
    const subscription = this.events.subscribe(subscriber);
    this.start();
    return () => {
      subscription.unsubscribe();
      if (!this.events.observed) this.stop();
    };
  }).pipe(share());

  private start(): void {
    if (this.running) return;
    const abort = new AbortController();
    this.running = abort;
    void this.run(abort.signal);
  }

  private stop(): void {
    this.running?.abort();
    this.running = null;
    this.connected.set(false);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let backoff = 1000;
    let first = true;
    while (!signal.aborted) {
      const token = this.session.accessToken;
      if (!token) return;
      try {
        const res = await fetch('/live/tickets', { headers: { authorization: `Bearer ${token}` }, signal, cache: 'no-store' });
        if (res.status === 401) {
          // The access token ran out: the same refresh every other call uses, then open again.
          await firstValueFrom(this.session.refresh());
          continue;
        }
        if (!res.ok || !res.body) throw new Error(`live stream answered ${res.status}`);
        this.connected.set(true);
        if (!first) this.events.next({ kind: 'resync' });
        first = false;
        backoff = 1000;
        await readEventStream(res.body, (event, data) => {
          if (event === 'ticket') this.events.next(data as LiveTicketEvent);
          else if (event === 'resync') this.events.next({ kind: 'resync' });
        });
      } catch {
        if (signal.aborted) return;
        await pause(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } finally {
        this.connected.set(false);
      }
    }
  }
}
