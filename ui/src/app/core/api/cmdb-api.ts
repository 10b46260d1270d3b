import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Page } from './api-types';

export interface CiSummary {
  id: string;
  key: string;
  name: string;
  classKey: string;
  lifecycleState: string;
  organizationId: string | null;
}

export interface ConfigurationItem extends CiSummary {
  attributes: Record<string, unknown>;
  model: string | null;
  serialNumber: string | null;
  siteId: string | null;
  contractId: string | null;
  warrantyUntil: string | null;
  maintenanceSchedule: CiMaintenanceSchedule | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** An asset's maintenance schedule (the fields the desk shows; the API carries more, see field-service.md). */
export interface CiMaintenanceSchedule {
  every: string;
  nextDueOn: string;
  task?: string;
  workType?: string;
}

/** One entry of a CI's history (the audit log of the CI and of relations on either end), newest first. */
export interface CiHistoryEntry {
  action: string;
  actorName: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A ticket (incident, problem, change, request) that touches the CI. */
export interface CiTicket {
  number: string;
  type: string;
  title: string;
  state: string;
  createdAt: string;
}

export interface ReachedCi extends CiSummary {
  depth: number;
}

export interface CiImpact {
  ci: CiSummary;
  depth: number;
  upstream: ReachedCi[];
  downstream: ReachedCi[];
  services: ReachedCi[];
  truncated: boolean;
}

export interface CiGraph {
  nodes: Array<ReachedCi & { side: 'self' | 'upstream' | 'downstream' }>;
  edges: Array<{ id: string; sourceId: string; type: string; targetId: string }>;
  truncated: boolean;
}

export interface LinkedCi extends CiSummary {
  linkedBy: string;
  linkedAt: string;
}

const ci = (id: string, rest = '') => `/cmdb/cis/${encodeURIComponent(id)}${rest}`;
const ticketCis = (number: string) => `/tickets/${encodeURIComponent(number)}/configuration-items`;

/** Typed client of the CMDB routes. */
@Injectable({ providedIn: 'root' })
export class CmdbApi {
  private readonly http = inject(HttpClient);

  search(q: string, limit = 10): Observable<Page<ConfigurationItem>> {
    return this.http.get<Page<ConfigurationItem>>('/cmdb/cis', { params: new HttpParams().set('q', q).set('limit', limit) });
  }

  get(id: string): Observable<ConfigurationItem> {
    return this.http.get<ConfigurationItem>(ci(id));
  }

  impact(id: string, depth: number): Observable<CiImpact> {
    return this.http.get<CiImpact>(ci(id, '/impact'), { params: new HttpParams().set('depth', depth) });
  }

  graph(id: string, depth: number): Observable<CiGraph> {
    return this.http.get<CiGraph>(ci(id, '/graph'), { params: new HttpParams().set('depth', depth) });
  }

  history(id: string, limit = 50): Observable<CiHistoryEntry[]> {
    return this.http
      .get<{ items: CiHistoryEntry[] }>(ci(id, '/history'), { params: new HttpParams().set('limit', limit) })
      .pipe(map((list) => list.items ?? []));
  }

  tickets(id: string): Observable<CiTicket[]> {
    return this.http.get<{ items: CiTicket[] }>(ci(id, '/tickets')).pipe(map((list) => list.items ?? []));
  }

  ticketCis(number: string): Observable<LinkedCi[]> {
    return this.http.get<{ items: LinkedCi[] }>(ticketCis(number)).pipe(map((list) => list.items ?? []));
  }

  link(number: string, ciId: string): Observable<LinkedCi[]> {
    return this.http.post<{ items: LinkedCi[] }>(ticketCis(number), { ciId }).pipe(map((list) => list.items ?? []));
  }

  unlink(number: string, ciId: string): Observable<void> {
    return this.http.delete<void>(`${ticketCis(number)}/${encodeURIComponent(ciId)}`);
  }
}
