import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, firstValueFrom, map } from 'rxjs';
import type { CatalogCategory } from './catalog-api';

export type ServiceKind = 'business' | 'technical';
export type ServiceStatus = 'planned' | 'live' | 'retired';

/** A service as its curators keep it (GET /services). */
export interface Service {
  id: string;
  name: string;
  kind: ServiceKind;
  description: string;
  ownerId: string | null;
  supportGroup: string | null;
  slaPolicyId: string | null;
  status: ServiceStatus;
  customerOrganizationIds: string[];
  organizationId: string | null;
}
export type ServiceInput = Omit<Service, 'id' | 'organizationId'>;

export interface ApprovalPolicy {
  kind: 'none' | 'manager' | 'group';
  group?: string;
  costThreshold?: number;
  costApprovers?: string;
}

/** A catalog item with everything a curator sets (GET /catalog/items as a process owner or admin). */
export interface CuratedItem {
  id: string;
  categoryId: string;
  serviceId: string | null;
  name: string;
  description: string;
  formSchema: { components: unknown[] } & Record<string, unknown>;
  price: { amount: number; currency: string } | null;
  approvalPolicy: ApprovalPolicy;
  visibility: { organizationIds: string[]; roles: string[] };
  processId: string;
  fulfilmentGroup: string | null;
  active: boolean;
}
export type ItemInput = Omit<CuratedItem, 'id'>;

/** What the curator's forms pick from (GET /services/choices). */
export interface CurationChoices {
  groups: Array<{ key: string; name: string }>;
  organizations: Array<{ id: string; name: string }>;
  owners: Array<{ id: string; displayName: string }>;
}

export interface SlaPolicyChoice {
  id: string;
  name: string;
}

/** A deployed process an item can start: its id and the newest name. */
export interface ProcessChoice {
  processId: string;
  name: string | null;
}

/** The API's largest page of process definitions. */
const PAGE = 100;
/** Enough versions for any real desk; a picker beyond that would need a search instead. */
const MAX_PROCESS_VERSIONS = 5_000;

/** The curator's side of services and the catalog: everything the portal only reads. */
@Injectable({ providedIn: 'root' })
export class CurationApi {
  private readonly http = inject(HttpClient);

  choices(): Observable<CurationChoices> {
    return this.http.get<CurationChoices>('/services/choices');
  }

  slaPolicies(): Observable<SlaPolicyChoice[]> {
    return this.http.get<{ items: SlaPolicyChoice[] }>('/sla-policies').pipe(map((list) => list.items ?? []));
  }

  /** Each deployed process once, by id (the API lists versions newest first, a hundred at a time). */
  async processes(): Promise<ProcessChoice[]> {
    const seen = new Map<string, ProcessChoice>();
    for (let offset = 0, total = 1; offset < total && offset < MAX_PROCESS_VERSIONS; offset += PAGE) {
      const page = await firstValueFrom(
        this.http.get<{ items: Array<{ processId: string; name: string | null }>; total: number }>('/process-definitions', {
          params: { limit: PAGE, offset, includeArchived: false },
        }),
      );
      total = page.total;
      for (const d of page.items) if (!seen.has(d.processId)) seen.set(d.processId, { processId: d.processId, name: d.name });
    }
    return [...seen.values()].sort((a, b) => a.processId.localeCompare(b.processId));
  }

  services(filter: { q?: string; kind?: string; status?: string }): Observable<{ items: Service[]; total: number }> {
    const params: Record<string, string> = { limit: '500' };
    for (const [k, v] of Object.entries(filter)) if (v) params[k] = v;
    return this.http.get<{ items: Service[]; total: number }>('/services', { params });
  }

  createService(input: ServiceInput): Observable<Service> {
    return this.http.post<Service>('/services', input);
  }

  updateService(id: string, changes: Partial<ServiceInput>): Observable<Service> {
    return this.http.patch<Service>(`/services/${encodeURIComponent(id)}`, changes);
  }

  /** Only a service nothing refers to (422 SERVICE_IN_USE otherwise: set it to retired instead). */
  deleteService(id: string): Observable<void> {
    return this.http.delete<void>(`/services/${encodeURIComponent(id)}`);
  }

  categories(): Observable<CatalogCategory[]> {
    return this.http.get<{ items: CatalogCategory[] }>('/catalog/categories').pipe(map((list) => list.items ?? []));
  }

  createCategory(input: Omit<CatalogCategory, 'id'>): Observable<CatalogCategory> {
    return this.http.post<CatalogCategory>('/catalog/categories', input);
  }

  updateCategory(id: string, changes: Partial<Omit<CatalogCategory, 'id'>>): Observable<CatalogCategory> {
    return this.http.patch<CatalogCategory>(`/catalog/categories/${encodeURIComponent(id)}`, changes);
  }

  /** Only an empty category (422 CATEGORY_NOT_EMPTY otherwise). */
  deleteCategory(id: string): Observable<void> {
    return this.http.delete<void>(`/catalog/categories/${encodeURIComponent(id)}`);
  }

  items(filter: { categoryId?: string; q?: string }): Observable<CuratedItem[]> {
    const params: Record<string, string> = { limit: '500' };
    if (filter.categoryId) params['categoryId'] = filter.categoryId;
    if (filter.q) params['q'] = filter.q;
    return this.http.get<{ items: CuratedItem[] }>('/catalog/items', { params }).pipe(map((page) => page.items ?? []));
  }

  item(id: string): Observable<CuratedItem> {
    return this.http.get<CuratedItem>(`/catalog/items/${encodeURIComponent(id)}`);
  }

  createItem(input: ItemInput): Observable<CuratedItem> {
    return this.http.post<CuratedItem>('/catalog/items', input);
  }

  updateItem(id: string, changes: Partial<ItemInput>): Observable<CuratedItem> {
    return this.http.patch<CuratedItem>(`/catalog/items/${encodeURIComponent(id)}`, changes);
  }

  /** Only an item nobody ordered (422 CATALOG_ITEM_ORDERED otherwise: withdraw it). */
  deleteItem(id: string): Observable<void> {
    return this.http.delete<void>(`/catalog/items/${encodeURIComponent(id)}`);
  }
}
