import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { ChangeConflicts } from './approvals-api';

/** A change on the calendar (GET /changes/calendar): its window and the services it touches. */
export interface CalendarChange {
  number: string;
  title: string;
  state: string;
  changeType: string | null;
  risk: string | null;
  services: string[];
  plannedStartAt: string;
  plannedEndAt: string;
}

/** A period in which no change is to be implemented (GET /change-blackouts). */
export interface BlackoutWindow {
  id: string;
  name: string;
  startsAt: string;
  endsAt: string;
  services: string[];
}

/** A new blackout window (POST /change-blackouts); no services means every service. */
export interface BlackoutInput {
  name: string;
  startsAt: string;
  endsAt: string;
  services: string[];
}

/** A change raised at the desk (POST /tickets, type change): what its process assesses and approves. */
export interface NewChange {
  type: 'change';
  changeType: string;
  changeTemplate?: string;
  title: string;
  description: string;
  service?: string;
  organizationId?: string;
  impact: string;
  likelihood: string;
  plannedStartAt?: string;
  plannedEndAt?: string;
  implementationPlan?: string;
  backoutPlan?: string;
  testPlan?: string;
}

export interface CalendarFilter {
  service?: string;
  ci?: string;
  state?: string;
}

/** The change calendar, blackout windows and a change's conflicts. */
@Injectable({ providedIn: 'root' })
export class ChangesApi {
  private readonly http = inject(HttpClient);

  calendar(from: Date, to: Date, filter: CalendarFilter): Observable<CalendarChange[]> {
    const params: Record<string, string> = { from: from.toISOString(), to: to.toISOString() };
    for (const [key, value] of Object.entries(filter)) if (value) params[key] = value;
    return this.http.get<{ items: CalendarChange[] }>('/changes/calendar', { params }).pipe(map((r) => r.items));
  }

  raise(change: NewChange): Observable<{ number: string }> {
    return this.http.post<{ number: string }>('/tickets', change);
  }

  blackouts(from: Date, to: Date): Observable<BlackoutWindow[]> {
    return this.http
      .get<{ items: BlackoutWindow[] }>('/change-blackouts', { params: { from: from.toISOString(), to: to.toISOString() } })
      .pipe(map((r) => r.items));
  }

  createBlackout(input: BlackoutInput): Observable<BlackoutWindow> {
    return this.http.post<BlackoutWindow>('/change-blackouts', input);
  }

  deleteBlackout(id: string): Observable<void> {
    return this.http.delete<void>(`/change-blackouts/${encodeURIComponent(id)}`);
  }

  conflicts(number: string): Observable<ChangeConflicts> {
    return this.http.get<{ conflicts: ChangeConflicts }>(`/changes/${encodeURIComponent(number)}/conflicts`).pipe(map((r) => r.conflicts));
  }
}
