import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Page } from './api-types';

/** ISO weekday ('1' = Monday) to the hours worked that day, UTC (`08:00`–`17:00`). */
export type WorkingHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<{ start: string; end: string }>>>;

/** A period a technician cannot be dispatched (GET /technicians/{id}). */
export interface TechnicianAbsence {
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
}

/** A technician's field profile (GET /technicians); one read by id carries the absences not yet over. */
export interface Technician {
  id: string;
  userId: string;
  skills: Record<string, number>;
  territories: string[];
  workingHours: WorkingHours;
  homeBase: { latitude: number; longitude: number };
  version: number;
  createdAt: string;
  absences?: TechnicianAbsence[];
}

/** What POST /technicians takes; PATCH takes the same without the user, plus the version read. */
export interface TechnicianInput {
  skills: Record<string, number>;
  territories: string[];
  workingHours: WorkingHours;
  homeBase: { latitude: number; longitude: number };
}

/** Typed client of the technicians' field profiles and absences (admins keep profiles, dispatchers absences). */
@Injectable({ providedIn: 'root' })
export class TechniciansApi {
  private readonly http = inject(HttpClient);

  list(offset: number, limit: number, skill?: string): Observable<Page<Technician>> {
    let params = new HttpParams().set('offset', offset).set('limit', limit);
    if (skill) params = params.set('skill', skill);
    return this.http.get<Page<Technician>>('/technicians', { params });
  }

  get(id: string): Observable<Technician> {
    return this.http.get<Technician>(`/technicians/${encodeURIComponent(id)}`);
  }

  create(userId: string, input: TechnicianInput): Observable<Technician> {
    return this.http.post<Technician>('/technicians', { userId, ...input });
  }

  update(id: string, version: number, input: TechnicianInput): Observable<Technician> {
    return this.http.patch<Technician>(`/technicians/${encodeURIComponent(id)}`, { ...input, version });
  }

  addAbsence(id: string, absence: { startsAt: string; endsAt: string; reason: string | null }): Observable<TechnicianAbsence> {
    return this.http.post<TechnicianAbsence>(`/technicians/${encodeURIComponent(id)}/absences`, absence);
  }

  removeAbsence(id: string, absenceId: string): Observable<void> {
    return this.http.delete<void>(`/technicians/${encodeURIComponent(id)}/absences/${encodeURIComponent(absenceId)}`);
  }
}
