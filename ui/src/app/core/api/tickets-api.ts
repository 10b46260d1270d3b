import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Page } from './api-types';
import {
  AssignmentOptions,
  AssignmentStep,
  Categorisation,
  Me,
  NewTicket,
  ResolutionCode,
  Ticket,
  TicketActionResult,
  TicketEntry,
  TicketLink,
  TicketQuery,
  TicketWaits,
} from './ticket-types';
import { TicketEdit, TicketLinkKind } from './ticket-edit-types';

const path = (number: string, rest = '') => `/tickets/${encodeURIComponent(number)}${rest}`;

/** Typed client of the ticket routes and GET /me (same origin as the UI). */
@Injectable({ providedIn: 'root' })
export class TicketsApi {
  private readonly http = inject(HttpClient);

  me(): Observable<Me> {
    return this.http.get<Me>('/me');
  }

  list(query: TicketQuery): Observable<Page<Ticket>> {
    let params = new HttpParams().set('limit', query.limit).set('offset', query.offset);
    for (const key of ['queue', 'q', 'state', 'channel'] as const) {
      const value = query[key]?.trim();
      if (value) params = params.set(key, value);
    }
    return this.http.get<Page<Ticket>>('/tickets', { params }).pipe(map((page) => ({ items: page.items ?? [], total: page.total ?? 0 })));
  }

  /** Everything the ticket's process waits for now, in words. */
  waits(number: string, timeZone: string): Observable<TicketWaits> {
    // The sentences name times in the agent's own zone, the one every other time on the page is shown in.
    return this.http.get<TicketWaits>(path(number, '/waits'), { params: { timeZone } });
  }

  get(number: string): Observable<Ticket> {
    return this.http.get<Ticket>(path(number));
  }

  raise(ticket: NewTicket): Observable<Ticket> {
    return this.http.post<Ticket>('/tickets', { type: 'incident', ...ticket });
  }

  entries(number: string): Observable<TicketEntry[]> {
    return this.http.get<{ items: TicketEntry[] }>(path(number, '/entries')).pipe(map((list) => list.items ?? []));
  }

  addEntry(number: string, kind: TicketEntry['kind'], body: string): Observable<TicketEntry> {
    return this.http.post<TicketEntry>(path(number, '/entries'), { kind, body });
  }

  links(number: string): Observable<TicketLink[]> {
    return this.http.get<{ items: TicketLink[] }>(path(number, '/links')).pipe(map((list) => list.items ?? []));
  }

  /** Links `number` to `other`; answers with every link of `number` as it is now. */
  link(number: string, other: string, kind: TicketLinkKind): Observable<TicketLink[]> {
    return this.http.post<{ items: TicketLink[] }>(path(number, '/links'), { number: other, kind }).pipe(map((list) => list.items ?? []));
  }

  /** Changes the ticket's own fields; `version` is the one read (409 when someone changed it meanwhile). */
  update(number: string, version: number, changes: TicketEdit): Observable<Ticket> {
    return this.http.patch<Ticket>(path(number), { version, ...changes });
  }

  /** `assigneeId`: a user id, `me` to take it, or null to put it back in the group's queue. */
  assign(number: string, version: number, change: { assignmentGroup?: string; assigneeId?: string | null }): Observable<Ticket> {
    return this.http.post<Ticket>(path(number, '/assignment'), { version, ...change });
  }

  /** Groups, and the agents of `group` (default: the ticket's) who serve the ticket's customer. */
  assignmentOptions(number: string, group?: string): Observable<AssignmentOptions> {
    return this.http.get<AssignmentOptions>(path(number, '/assignment-options'), { params: group ? { group } : {} });
  }

  /** Who had the ticket, oldest first. */
  assignments(number: string): Observable<AssignmentStep[]> {
    return this.http.get<{ items: AssignmentStep[] }>(path(number, '/assignments')).pipe(map((list) => list.items ?? []));
  }

  resolve(number: string, resolutionCode: ResolutionCode, resolutionNotes: string): Observable<TicketActionResult> {
    return this.http.post<TicketActionResult>(path(number, '/actions/resolve'), { resolutionCode, resolutionNotes });
  }

  /** Puts the ticket in "awaiting caller"; `reply` is the question, sent as a public reply. */
  awaitCaller(number: string, reply?: string): Observable<TicketActionResult> {
    return this.http.post<TicketActionResult>(path(number, '/actions/await-caller'), reply ? { reply } : {});
  }

  categorise(number: string, categorisation: Categorisation): Observable<TicketActionResult> {
    return this.http.post<TicketActionResult>(path(number, '/actions/categorise'), categorisation);
  }

  /** A requester's P1 waits for the service desk: `confirm` pages the on-call manager, `downgrade` makes it P2. */
  confirmMajor(number: string, decision: 'confirm' | 'downgrade'): Observable<TicketActionResult> {
    return this.http.post<TicketActionResult>(path(number, '/actions/confirm-major'), { decision });
  }

  /** The caller's answer to a resolution: it works (close) or it does not (reopen). */
  confirm(number: string, confirmed: boolean, comment?: string): Observable<Ticket> {
    return this.http.post<Ticket>(path(number, '/confirmation'), comment ? { confirmed, comment } : { confirmed });
  }
}
