import { Signal, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { catchError, filter, map, merge, of, switchMap, throttleTime, timer } from 'rxjs';
import { exhaustMapLatest } from '../util/exhaust-map-latest';
import { LiveTickets } from '../live/live-tickets';
import { ApiProblem, toApiProblem } from '../api/api-error';
import { Page } from '../api/api-types';
import { Ticket, TicketQuery } from '../api/ticket-types';
import { TicketsApi } from '../api/tickets-api';

type ListResult = { query: TicketQuery; page: Page<Ticket> } | { query: TicketQuery; problem: ApiProblem };

export interface TicketList {
  tickets: Signal<Ticket[]>;
  total: Signal<number>;
  problem: Signal<ApiProblem | null>;
  /** The rows on screen belong to another query than the current one: it is loading. */
  stale: Signal<boolean>;
}

/** However busy the desk, a list is read again at most this often on live changes. */
const LIVE_THROTTLE_MS = 1000;

/**
 * The tickets `query` selects, read again when a ticket changes (the live stream) and, as a safety
 * net while the stream is down, every `refreshMs`. A new query replaces the old one at once;
 * ticks of the same query never cancel a slow read. Old rows stay until new ones arrive: lists never
 * wait behind a spinner. Call from an injection context (a component field); it stops with the component.
 */
export function ticketList(query: Signal<TicketQuery>, refreshMs: number): TicketList {
  const api = inject(TicketsApi);
  // Entries and process moves do not change what a list shows; ticket rows (and gaps in the stream) do.
  const changed = inject(LiveTickets).changes.pipe(
    filter((e) => e.kind === 'ticket' || e.kind === 'resync'),
    throttleTime(LIVE_THROTTLE_MS, undefined, { leading: true, trailing: true }),
  );
  const result = signal<ListResult | null>(null);
  toObservable(query)
    .pipe(
      switchMap((q) =>
        merge(timer(0, refreshMs), changed).pipe(
          exhaustMapLatest(() =>
            api.list(q).pipe(
              map((page): ListResult => ({ query: q, page })),
              catchError((error: unknown) => of<ListResult>({ query: q, problem: toApiProblem(error) })),
            ),
          ),
        ),
      ),
      takeUntilDestroyed(),
    )
    .subscribe((r) => result.set(r));
  return {
    tickets: computed(() => {
      const r = result();
      return r && 'page' in r ? r.page.items : [];
    }),
    total: computed(() => {
      const r = result();
      return r && 'page' in r ? r.page.total : 0;
    }),
    problem: computed(() => {
      const r = result();
      return r && 'problem' in r ? r.problem : null;
    }),
    stale: computed(() => result()?.query !== query()),
  };
}
