import { Injectable, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, of, switchMap } from 'rxjs';
import { Me } from '../api/ticket-types';
import { TicketsApi } from '../api/tickets-api';
import { Session } from './session';

/**
 * GET /me for whoever is signed in: the sign-in answer has no group memberships, and the desk needs
 * them to say up front when a ticket is another group's. Null while signed out or unknown.
 */
@Injectable({ providedIn: 'root' })
export class CurrentUser {
  private readonly api = inject(TicketsApi);
  readonly me = toSignal(
    toObservable(inject(Session).user).pipe(switchMap((user) => (user ? this.api.me().pipe(catchError(() => of(null))) : of(null)))),
    { initialValue: null as Me | null },
  );
}
