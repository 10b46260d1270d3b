import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

export const CALL_OUTCOMES = [
  { value: 'resolved', label: 'Resolved on the call' },
  { value: 'follow-up', label: 'Needs a follow-up' },
  { value: 'escalated', label: 'Escalated' },
  { value: 'no-answer', label: 'No answer' },
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number]['value'];

/** Mirrors CallCaller (service-catalog/chat/routes/call-log-routes.ts). */
export interface CallCaller {
  id: string;
  displayName: string;
  email: string | null;
  organizationName: string | null;
}
/** Mirrors CallerTicket. */
export interface CallerTicket {
  number: string;
  title: string;
  state: string;
}
/** Mirrors CallerLookup: who has this number, and their open tickets. */
export interface CallerLookup {
  caller: CallCaller | null;
  openTickets: CallerTicket[];
}
/** Mirrors LoggedCallResult. */
export interface LoggedCallResult {
  outcome: 'created' | 'updated';
  ticketNumber: string;
}

export interface NewLoggedCall {
  callerNumber: string;
  direction: 'inbound' | 'outbound';
  durationSeconds: number;
  notes: string;
  outcome: CallOutcome;
  ticketNumber?: string;
}

/** Calls the desk logs by hand (issue 25). */
@Injectable({ providedIn: 'root' })
export class CallsApi {
  private readonly http = inject(HttpClient);

  caller(number: string): Observable<CallerLookup> {
    return this.http.get<CallerLookup>('/calls/caller', { params: { number } });
  }
  log(call: NewLoggedCall): Observable<LoggedCallResult> {
    return this.http.post<LoggedCallResult>('/calls', call);
  }
}
