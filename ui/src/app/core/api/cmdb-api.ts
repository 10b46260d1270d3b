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
  warrantyUntil: string | null;
  version: number;
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
