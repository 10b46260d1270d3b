import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Page } from './api-types';

export interface TimeWindow {
  startsAt: string;
  endsAt: string;
}

export interface ChecklistEntry {
  key: string;
  label: string;
  required: boolean;
  done: boolean;
  note: string | null;
}

export interface PartUsed {
  partNumber: string;
  description: string;
  quantity: number;
}

/** A catalogue part as GET /parts answers (service-catalog/field-service/catalogue-schemas.ts): the provider's or a customer's own. */
export interface Part {
  id: string;
  organizationId: string | null;
  sku: string;
  name: string;
  unit: string;
  unitPrice: string | null;
  currency: string | null;
  active: boolean;
  version: number;
  updatedAt: string;
}

/** Units counted in whole numbers: the server refuses a fraction of them (service-catalog/field-service/domain/part.entity.ts). */
export const WHOLE_UNITS: readonly string[] = ['pcs', 'each', 'set', 'box'];

/** A work order as GET /work-orders/{number} answers (service-catalog/field-service/schemas.ts). */
/** What the desk sends to open a work order (POST /work-orders); the parent ticket gives the customer. */
export interface NewWorkOrder {
  title: string;
  description: string;
  parentTicket: string;
  siteId: string;
  assetIds: string[];
  workType: string;
  priority: string;
  window: { startsAt: string; endsAt: string };
}

export interface WorkOrder {
  id: string;
  number: string;
  organizationId: string | null;
  parentTicket: string | null;
  siteId: string;
  workType: string;
  requiredSkills: Array<{ skill: string; level: number }>;
  priority: string;
  window: TimeWindow;
  technicianId: string | null;
  checkIn: { at: string; latitude: number; longitude: number } | null;
  signerName: string | null;
  checkedOutAt: string | null;
  checklist: ChecklistEntry[];
  parts: PartUsed[];
  reportSentTo: string | null;
  status: string;
  version: number;
}

export interface BoardJob {
  number: string;
  status: string;
  priority: string;
  workType: string;
  siteId: string;
  organizationId: string | null;
  window: TimeWindow;
  day: string;
}

export interface BoardTechnician {
  id: string;
  displayName: string;
  territories: string[];
  absences: Array<{ id: string; startsAt: string; endsAt: string; reason: string | null }>;
  jobs: BoardJob[];
}

export interface DispatchBoard {
  days: string[];
  technicians: BoardTechnician[];
  unassigned: BoardJob[];
}

/** One technician ranked for a work order, with the reasons (skills, territory, availability, distance, load). */
export interface DispatchSuggestion {
  technicianId: string;
  displayName: string;
  qualified: boolean;
  skillsMet: number;
  skillsRequired: number;
  inTerritory: boolean;
  available: boolean;
  present: boolean;
  working: boolean;
  free: boolean;
  distanceKm: number | null;
  load: number;
}

export interface SiteLocation {
  siteId: string;
  latitude: number;
  longitude: number;
  territory: string | null;
}

/** What the phone queues: a work-order action, checklist ticks or the parts used, under its own id and time. */
export type FieldAction =
  | { action: 'accept' }
  | { action: 'reject'; reason: string }
  | { action: 'start-travel' }
  | { action: 'check-in'; latitude: number; longitude: number }
  | { action: 'sign-off'; signerName: string; notes?: string; signature: string }
  | { action: 'check-out' }
  | { action: 'checklist'; items: Array<{ key: string; done: boolean }> }
  | { action: 'parts'; parts: PartUsed[] };

export type QueuedAction = FieldAction & { id: string; at: string; workOrder: string };

export interface SyncResult {
  id: string;
  workOrder: string;
  action: string;
  outcome: 'applied' | 'conflict' | 'rejected' | 'pending';
  duplicate: boolean;
  code: string | null;
  message: string | null;
}

const wo = (number: string, rest = '') => `/work-orders/${encodeURIComponent(number)}${rest}`;

/** Typed client of the field-service routes: the dispatcher's board and the technician's jobs. */
@Injectable({ providedIn: 'root' })
export class FieldApi {
  private readonly http = inject(HttpClient);

  board(from: string, days: number, territory = ''): Observable<DispatchBoard> {
    let params = new HttpParams().set('from', from).set('days', days);
    if (territory) params = params.set('territory', territory);
    return this.http.get<DispatchBoard>('/dispatch/board', { params });
  }

  suggestions(number: string, limit = 10): Observable<{ workOrder: string; items: DispatchSuggestion[] }> {
    return this.http.get<{ workOrder: string; items: DispatchSuggestion[] }>(wo(number, '/suggestions'), { params: { limit } });
  }

  /** The dispatcher's assignment: the work-order process's `schedule` step. */
  schedule(number: string, technicianId: string): Observable<WorkOrder> {
    return this.http.post<WorkOrder>(wo(number, '/actions'), { action: 'schedule', technicianId });
  }

  /** Moves an assigned job to another technician before anyone is on site: the process dispatches it afresh. */
  reassign(number: string, technicianId: string): Observable<WorkOrder> {
    return this.http.post<WorkOrder>(wo(number, '/actions'), { action: 'reassign', technicianId });
  }

  /** For a technician: the jobs assigned to them. */
  myWorkOrders(limit = 200): Observable<Page<WorkOrder>> {
    return this.http.get<Page<WorkOrder>>('/work-orders', { params: { limit } });
  }

  /** Opens a work order (a WO ticket running the work-order process) for an incident or request. */
  createWorkOrder(input: NewWorkOrder): Observable<WorkOrder> {
    return this.http.post<WorkOrder>('/work-orders', input);
  }

  workOrder(number: string): Observable<WorkOrder> {
    return this.http.get<WorkOrder>(wo(number));
  }

  ticketTitle(number: string): Observable<{ title: string }> {
    return this.http.get<{ title: string }>(`/tickets/${encodeURIComponent(number)}`);
  }

  siteLocation(siteId: string): Observable<SiteLocation> {
    return this.http.get<SiteLocation>(`/sites/${encodeURIComponent(siteId)}/location`);
  }

  /** One page of the active parts catalogue the user sees: the provider's parts and those of the customers they serve. */
  parts(offset = 0, limit = 500): Observable<Page<Part>> {
    return this.http.get<Page<Part>>('/parts', { params: { active: true, limit, offset } });
  }

  sync(actions: QueuedAction[]): Observable<{ results: SyncResult[] }> {
    return this.http.post<{ results: SyncResult[] }>('/work-orders/sync', { actions });
  }

  photos(number: string): Observable<{ items: Array<{ id: string; filename: string }> }> {
    return this.http.get<{ items: Array<{ id: string; filename: string }> }>(wo(number, '/photos'));
  }

  addPhoto(number: string, file: Blob, filename: string): Observable<{ id: string }> {
    const form = new FormData();
    form.append('file', file, filename);
    return this.http.post<{ id: string }>(wo(number, '/photos'), form);
  }
}
