import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Ticket } from './ticket-types';

/** What a caller can do about a finished ticket that came back (GET /tickets/{number}/reopen). */
export interface ReopenOptions {
  number: string;
  state: string;
  closedAt: string | null;
  /** Until when a closed ticket can be reopened. */
  reopenUntil: string | null;
  canReopen: boolean;
  /** A follow-up ticket linked to this one can be raised. */
  canFollowUp: boolean;
  /** Why it cannot be reopened, in words. */
  reason: string | null;
}

const path = (number: string, rest: string) => `/tickets/${encodeURIComponent(number)}${rest}`;

/** "It came back": reopening a closed ticket within the window, or a follow-up ticket linked to it after. */
@Injectable({ providedIn: 'root' })
export class ReopenApi {
  private readonly http = inject(HttpClient);

  options(number: string): Observable<ReopenOptions> {
    return this.http.get<ReopenOptions>(path(number, '/reopen'));
  }

  reopen(number: string, comment: string): Observable<Ticket> {
    return this.http.post<Ticket>(path(number, '/reopen'), { comment });
  }

  followUp(number: string, description: string): Observable<Ticket> {
    return this.http.post<Ticket>(path(number, '/follow-up'), { description });
  }
}
