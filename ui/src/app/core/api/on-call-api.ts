import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** One weekly shift: ISO weekday (1 = Monday), local HH:MM; an end at or before the start runs past midnight. */
export interface OnCallShift {
  userId: string;
  weekday: number;
  start: string;
  end: string;
}

export interface OnCallOverride {
  id: string;
  userId: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
}

/** Who a group has on call now, by which (an override or the rota), its rota and coming overrides. */
export interface OnCall {
  group: string;
  onCall: { id: string; username: string; displayName: string } | null;
  source: 'override' | 'rota' | null;
  rota: { timeZone: string; shifts: OnCallShift[] } | null;
  overrides: OnCallOverride[];
}

/** A group's on-call rota and overrides (admin). */
@Injectable({ providedIn: 'root' })
export class OnCallApi {
  private readonly http = inject(HttpClient);
  private readonly path = (key: string) => `/groups/${encodeURIComponent(key)}/on-call`;

  get(key: string): Observable<OnCall> {
    return this.http.get<OnCall>(this.path(key));
  }

  setRota(key: string, rota: { timeZone: string; shifts: OnCallShift[] }): Observable<OnCall> {
    return this.http.put<OnCall>(`${this.path(key)}/rota`, rota);
  }

  addOverride(key: string, o: { userId: string; startsAt: string; endsAt: string; reason?: string }): Observable<OnCall> {
    return this.http.post<OnCall>(`${this.path(key)}/overrides`, o);
  }
}
