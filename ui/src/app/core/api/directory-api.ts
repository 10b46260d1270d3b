import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors the API's Group (service-catalog/identity/schemas.ts). */
export interface Group {
  id: string;
  key: string;
  name: string;
  routingStrategy: RoutingStrategy;
  olaTarget: string | null;
  leadId: string | null;
  createdAt: string;
}

/** How a ticket routed to a group gets an assignee (routing/domain/choose-assignee.ts). */
export const ROUTING_STRATEGIES = ['manual', 'round-robin', 'least-loaded', 'skills'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** Mirrors the API's Organization. */
export interface Organization {
  id: string;
  name: string;
  createdAt: string;
}

/** Mirrors the API's Site. */
export interface Site {
  id: string;
  organizationId: string | null;
  name: string;
  address: string | null;
  createdAt: string;
}

/** Mirrors the API's SiteLocation (field-service): where dispatch measures travel from. */
export interface SiteLocation {
  siteId: string;
  organizationId: string | null;
  latitude: number;
  longitude: number;
  territory: string | null;
  updatedAt: string;
}

/** Mirrors the API's Contract: the SLA terms a customer bought. */
export interface Contract {
  id: string;
  organizationId: string | null;
  name: string;
  responseHours: number | null;
  validFrom: string;
  validTo: string | null;
  calendarId: string | null;
  responseTarget: string | null;
  onSiteTarget: string | null;
  createdAt: string;
}

export interface NewContract {
  organizationId: string;
  name: string;
  validFrom: string;
  validTo?: string | null;
  responseHours?: number | null;
  calendarId?: string | null;
  responseTarget?: string | null;
  onSiteTarget?: string | null;
}

/** Mirrors the API's ApiToken: never its secret. */
export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Mirrors the API's CreatedApiToken: the one answer that holds the secret. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

/** Mirrors the API's AuditLogEntry. */
export interface AuditLogEntry {
  id: number;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: string;
}

export interface AuditFilter {
  actorId?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  /** Inclusive ISO instants. */
  from?: string;
  to?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Admin directory beyond users: groups, customers with their sites and contracts, API tokens, the audit log. */
@Injectable({ providedIn: 'root' })
export class DirectoryApi {
  private readonly http = inject(HttpClient);

  groups(offset = 0, limit = 100): Observable<Page<Group>> {
    return this.http.get<Page<Group>>('/groups', { params: { limit, offset } });
  }
  createGroup(input: { key: string; name: string; routingStrategy: RoutingStrategy }): Observable<Group> {
    return this.http.post<Group>('/groups', input);
  }
  updateGroup(
    key: string,
    changes: Partial<{ name: string; routingStrategy: RoutingStrategy; olaTarget: string | null; leadId: string | null }>,
  ): Observable<Group> {
    return this.http.patch<Group>(`/groups/${encodeURIComponent(key)}`, changes);
  }

  organizations(offset = 0, limit = 100): Observable<Page<Organization>> {
    return this.http.get<Page<Organization>>('/organizations', { params: { limit, offset } });
  }
  /** One customer (admins only). */
  organization(id: string): Observable<Organization> {
    return this.http.get<Organization>(`/organizations/${encodeURIComponent(id)}`);
  }
  createOrganization(name: string): Observable<Organization> {
    return this.http.post<Organization>('/organizations', { name });
  }
  renameOrganization(id: string, name: string): Observable<Organization> {
    return this.http.patch<Organization>(`/organizations/${encodeURIComponent(id)}`, { name });
  }

  sites(organizationId: string): Observable<Page<Site>> {
    return this.http.get<Page<Site>>('/sites', { params: { organizationId, limit: 100 } });
  }
  createSite(input: { organizationId: string; name: string; address: string | null }): Observable<Site> {
    return this.http.post<Site>('/sites', input);
  }
  updateSite(siteId: string, input: { name?: string; address?: string | null }): Observable<Site> {
    return this.http.patch<Site>(`/sites/${encodeURIComponent(siteId)}`, input);
  }
  siteLocation(siteId: string): Observable<SiteLocation> {
    return this.http.get<SiteLocation>(`/sites/${encodeURIComponent(siteId)}/location`);
  }
  setSiteLocation(siteId: string, input: { latitude: number; longitude: number; territory: string | null }): Observable<SiteLocation> {
    return this.http.put<SiteLocation>(`/sites/${encodeURIComponent(siteId)}/location`, input);
  }

  contracts(organizationId: string): Observable<Page<Contract>> {
    return this.http.get<Page<Contract>>('/contracts', { params: { organizationId, limit: 100 } });
  }
  /** The calendars a contract's SLA targets may count on (only their names are shown here). */
  calendars(): Observable<{ items: Array<{ id: string; name: string }> }> {
    return this.http.get<{ items: Array<{ id: string; name: string }> }>('/business-calendars');
  }
  createContract(input: NewContract): Observable<Contract> {
    return this.http.post<Contract>('/contracts', input);
  }
  updateContract(id: string, input: Partial<Omit<NewContract, 'organizationId'>>): Observable<Contract> {
    return this.http.patch<Contract>(`/contracts/${encodeURIComponent(id)}`, input);
  }

  apiTokens(): Observable<Page<ApiToken>> {
    return this.http.get<Page<ApiToken>>('/api-tokens');
  }
  createApiToken(input: { name: string; expiresInDays?: number }): Observable<CreatedApiToken> {
    return this.http.post<CreatedApiToken>('/api-tokens', input);
  }
  revokeApiToken(id: string): Observable<void> {
    return this.http.delete<void>(`/api-tokens/${encodeURIComponent(id)}`);
  }

  auditLog(filter: AuditFilter, offset: number, limit: number): Observable<Page<AuditLogEntry>> {
    const params: Record<string, string | number> = { limit, offset };
    for (const [k, v] of Object.entries(filter)) if (v) params[k] = v;
    return this.http.get<Page<AuditLogEntry>>('/audit-log', { params });
  }
}
