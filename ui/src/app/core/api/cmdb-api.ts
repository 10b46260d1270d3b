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

/** A CI class and the JSON Schema of its attributes (closed: only the properties it names). */
export interface CiClass {
  key: string;
  name: string;
  asset: boolean;
  attributes: Record<string, unknown>;
}

export interface CiClassList {
  items: CiClass[];
  lifecycleStates: string[];
  relationTypes: string[];
}

/** A typed, directed relation: the source needs the target. */
export interface CiRelation {
  id: string;
  sourceId: string;
  type: string;
  targetId: string;
}

/** A relation seen from one CI: outgoing (this CI needs the other) or incoming. */
export interface CiRelationOfCi extends CiRelation {
  direction: 'outgoing' | 'incoming';
  other: CiSummary;
}

/** What a new CI carries (the API checks the attributes against the class). */
export interface NewCi {
  key?: string;
  classKey: string;
  name: string;
  lifecycleState?: string;
  attributes?: Record<string, unknown>;
  organizationId?: string | null;
  /** Where the CI is: a site of its customer. */
  siteId?: string | null;
  model?: string | null;
  serialNumber?: string | null;
  warrantyUntil?: string | null;
}

export type CiChanges = Partial<Omit<NewCi, 'organizationId'>> & { version?: number };

/** A site as GET /sites lists it: with its customer's name, for the CI form's pickers. */
export interface SiteListItem {
  id: string;
  organizationId: string | null;
  organizationName: string | null;
  name: string;
  address: string | null;
  createdAt: string;
}

/** What PUT /assets/{id}/maintenance-schedule takes: the form sets these fields. */
export interface MaintenanceScheduleInput {
  every: string;
  nextDueOn: string;
  task?: string;
  workType?: string;
  leadDays?: number;
}

const ci = (id: string, rest = '') => `/cmdb/cis/${encodeURIComponent(id)}${rest}`;
const ticketCis = (number: string) => `/tickets/${encodeURIComponent(number)}/configuration-items`;

/** Typed client of the CMDB routes. */
@Injectable({ providedIn: 'root' })
export class CmdbApi {
  private readonly http = inject(HttpClient);

  /** The sites the reader may see (their customers'), which are where a CI can be. */
  sites(offset = 0, limit = 500): Observable<Page<SiteListItem>> {
    return this.http.get<Page<SiteListItem>>('/sites', { params: new HttpParams().set('offset', offset).set('limit', limit) });
  }

  search(q: string, limit = 10): Observable<Page<ConfigurationItem>> {
    return this.http.get<Page<ConfigurationItem>>('/cmdb/cis', { params: new HttpParams().set('q', q).set('limit', limit) });
  }

  list(filter: {
    q?: string;
    classKey?: string;
    lifecycleState?: string;
    offset?: number;
    limit?: number;
  }): Observable<Page<ConfigurationItem>> {
    let params = new HttpParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params = params.set(k, v);
    return this.http.get<Page<ConfigurationItem>>('/cmdb/cis', { params });
  }

  classes(): Observable<CiClassList> {
    return this.http.get<CiClassList>('/cmdb/classes');
  }

  create(input: NewCi): Observable<ConfigurationItem> {
    return this.http.post<ConfigurationItem>('/cmdb/cis', input);
  }

  update(id: string, changes: CiChanges): Observable<ConfigurationItem> {
    return this.http.patch<ConfigurationItem>(ci(id), changes);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(ci(id));
  }

  relations(id: string): Observable<CiRelationOfCi[]> {
    return this.http.get<{ items: CiRelationOfCi[] }>(ci(id, '/relations')).pipe(map((list) => list.items ?? []));
  }

  relate(input: Omit<CiRelation, 'id'>): Observable<CiRelation> {
    return this.http.post<CiRelation>('/cmdb/relations', input);
  }

  unrelate(relationId: string): Observable<void> {
    return this.http.delete<void>(`/cmdb/relations/${encodeURIComponent(relationId)}`);
  }

  setMaintenance(assetId: string, schedule: MaintenanceScheduleInput | null): Observable<unknown> {
    return this.http.put(`/assets/${encodeURIComponent(assetId)}/maintenance-schedule`, schedule);
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
