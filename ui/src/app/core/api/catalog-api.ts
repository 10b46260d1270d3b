import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';

/** A service a ticket can be about (GET /services: the ones serving the caller's organisation). */
export interface ServiceSummary {
  id: string;
  name: string;
  kind: 'business' | 'technical';
  description: string;
  status: string;
}

export interface CatalogCategory {
  id: string;
  name: string;
  description: string;
  position: number;
}

export interface CatalogItem {
  id: string;
  categoryId: string;
  serviceId: string | null;
  name: string;
  description: string;
  /** A @bpmn-io/form-js schema: the portal renders it, the API checks the answers against it. */
  formSchema: { components: unknown[] } & Record<string, unknown>;
  price: { amount: number; currency: string } | null;
  approvalPolicy: { kind: string; group?: string };
  active: boolean;
}

export interface RequestApproval {
  purpose: string;
  name: string | null;
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decidedAt: string | null;
  comment: string | null;
}

export interface CatalogOrder {
  id: string;
  ticketNumber: string;
  ticketState: string;
  processInstanceId: string | null;
  catalogItemId: string;
  catalogItemName: string;
  answers: Record<string, unknown>;
  createdAt: string;
  progress: {
    status: string | null;
    openTasks: Array<{ elementId: string; name: string | null }>;
    /** Its approvals in the order they were asked (a requester sees what they are for, not who decides). */
    approvals: RequestApproval[];
    /** Fulfilment tasks finished so far. */
    doneTasks: Array<{ elementId: string; name: string | null; completedAt: string }>;
  };
}

/** The service catalog and the services a ticket can name. */
@Injectable({ providedIn: 'root' })
export class CatalogApi {
  private readonly http = inject(HttpClient);

  /** Live services; with `organizationId` (staff), those that customer may use. */
  services(organizationId?: string): Observable<ServiceSummary[]> {
    return this.http
      .get<{ items: ServiceSummary[] }>('/services', {
        params: { status: 'live', limit: 500, ...(organizationId ? { organizationId } : {}) },
      })
      .pipe(map((page) => page.items ?? []));
  }

  categories(): Observable<CatalogCategory[]> {
    return this.http.get<{ items: CatalogCategory[] }>('/catalog/categories').pipe(map((list) => list.items ?? []));
  }

  items(filter: { categoryId?: string; q?: string }): Observable<CatalogItem[]> {
    const params: Record<string, string> = { limit: '500' };
    if (filter.categoryId) params['categoryId'] = filter.categoryId;
    if (filter.q) params['q'] = filter.q;
    return this.http.get<{ items: CatalogItem[] }>('/catalog/items', { params }).pipe(map((page) => page.items ?? []));
  }

  item(id: string): Observable<CatalogItem> {
    return this.http.get<CatalogItem>(`/catalog/items/${encodeURIComponent(id)}`);
  }

  order(id: string, answers: Record<string, unknown>): Observable<CatalogOrder> {
    return this.http.post<CatalogOrder>(`/catalog/items/${encodeURIComponent(id)}/requests`, { answers });
  }

  /** The order behind a request ticket; 404 for a ticket not ordered from the catalog. */
  orderOf(ticketNumber: string): Observable<CatalogOrder> {
    return this.http.get<CatalogOrder>(`/catalog/requests/${encodeURIComponent(ticketNumber)}`);
  }
}
