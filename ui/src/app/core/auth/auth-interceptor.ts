import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';
import { Session } from './session';

const withToken = (req: HttpRequest<unknown>, token: string | null) =>
  token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

/** Sends the access token on every API call; on a 401 refreshes once and retries. */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(Session);
  return next(withToken(req, session.accessToken)).pipe(
    catchError((err: unknown) => {
      if (!(err instanceof HttpErrorResponse) || err.status !== 401 || !session.signedIn()) return throwError(() => err);
      return session.refresh().pipe(switchMap((token) => next(withToken(req, token))));
    }),
  );
};
