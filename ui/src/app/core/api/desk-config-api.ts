import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors the API's CannedResponse (service-catalog/canned-responses/schemas.ts). */
export interface CannedResponse {
  id: string;
  title: string;
  body: string;
  groupKey: string | null;
  category: string | null;
  createdById: string | null;
  createdByName: string;
  createdAt: string;
  updatedAt: string;
}
export type CannedResponseInput = Pick<CannedResponse, 'title' | 'body' | 'groupKey' | 'category'>;
/** Mirrors RenderedCannedResponse. */
export interface RenderedCannedResponse {
  id: string;
  ticketNumber: string;
  title: string;
  body: string;
}

/** Mirrors MailTemplate and MailTemplatePreview (service-catalog/mail/schemas.ts). */
export interface MailTemplate {
  key: string;
  subject: string;
  body: string;
  updatedAt: string;
  updatedBy: string;
}
export interface MailTemplatePreview {
  key: string;
  ticketNumber: string;
  subject: string;
  text: string;
}

/** Opening hours of one day, `HH:MM` each. */
export interface OpeningHours {
  start: string;
  end: string;
}
/** Mirrors BusinessCalendarDefinition (service-catalog/sla/schemas.ts); weekly keys are ISO weekdays '1'..'7'. */
export interface CalendarDefinition {
  timeZone: string;
  weekly: Record<string, OpeningHours[]>;
  holidays: string[];
}
export interface BusinessCalendar {
  id: string;
  name: string;
  definition: CalendarDefinition;
}
/** Mirrors SlaPolicy. */
export interface SlaPolicy {
  id: string;
  name: string;
  priority: string | null;
  serviceId: string | null;
  service: string | null;
  organizationId: string | null;
  calendarId: string;
  responseTarget: string;
  resolutionTarget: string;
  warningPercent: number;
  escalations: { percent: number; notify: string }[];
}
/** `service` names the service by name or id (the API stores its id). */
export type NewSlaPolicy = Pick<
  SlaPolicy,
  'name' | 'priority' | 'service' | 'calendarId' | 'responseTarget' | 'resolutionTarget' | 'warningPercent'
>;

/** Mirrors RoutingRule (service-catalog/routing/schemas.ts). */
export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  category: string | null;
  subcategory: string | null;
  serviceId: string | null;
  service: string | null;
  priority: string | null;
  organizationId: string | null;
  assignmentGroup: string;
  requiredSkills: string[];
  createdAt: string;
  updatedAt: string;
}
/** `service` names the service by name or id (the API stores its id). */
export type RoutingRuleInput = Pick<RoutingRule, 'name' | 'category' | 'subcategory' | 'service' | 'priority' | 'assignmentGroup'>;
/** Mirrors RoutingTestResult. */
export interface RoutingTestResult {
  facts: {
    category: string | null;
    subcategory: string | null;
    serviceId: string | null;
    priority: string | null;
    organizationId: string | null;
  };
  rule: { id: string; name: string; position: number } | null;
  groupFrom: 'rule' | 'service' | 'default';
  assignmentGroup: string | null;
  groupExists: boolean;
  strategy: string | null;
}

/** A group as the admin's group-strategy list needs it (GET /groups). */
export interface GroupSummary {
  id: string;
  key: string;
  name: string;
  routingStrategy: string;
}

/** The texts, clocks and routing the desk is configured with: canned responses, mail templates, SLAs, routing. */
@Injectable({ providedIn: 'root' })
export class DeskConfigApi {
  private readonly http = inject(HttpClient);

  cannedResponses(q?: string): Observable<{ items: CannedResponse[]; total: number }> {
    return this.http.get<{ items: CannedResponse[]; total: number }>('/canned-responses', {
      params: q ? { q, limit: 500 } : { limit: 500 },
    });
  }
  createCannedResponse(input: CannedResponseInput): Observable<CannedResponse> {
    return this.http.post<CannedResponse>('/canned-responses', input);
  }
  updateCannedResponse(id: string, input: Partial<CannedResponseInput>): Observable<CannedResponse> {
    return this.http.patch<CannedResponse>(`/canned-responses/${id}`, input);
  }
  deleteCannedResponse(id: string): Observable<void> {
    return this.http.delete<void>(`/canned-responses/${id}`);
  }
  renderCannedResponse(id: string, ticketNumber: string): Observable<RenderedCannedResponse> {
    return this.http.post<RenderedCannedResponse>(`/canned-responses/${id}/render`, { ticketNumber });
  }

  mailTemplates(): Observable<{ items: MailTemplate[]; placeholders: string[] }> {
    return this.http.get<{ items: MailTemplate[]; placeholders: string[] }>('/mail-templates');
  }
  putMailTemplate(key: string, input: { subject: string; body: string }): Observable<MailTemplate> {
    return this.http.put<MailTemplate>(`/mail-templates/${encodeURIComponent(key)}`, input);
  }
  previewMailTemplate(key: string, input: { ticketNumber: string; subject: string; body: string }): Observable<MailTemplatePreview> {
    return this.http.post<MailTemplatePreview>(`/mail-templates/${encodeURIComponent(key)}/preview`, input);
  }

  calendars(): Observable<{ items: BusinessCalendar[] }> {
    return this.http.get<{ items: BusinessCalendar[] }>('/business-calendars');
  }
  createCalendar(input: { name: string; definition: CalendarDefinition }): Observable<BusinessCalendar> {
    return this.http.post<BusinessCalendar>('/business-calendars', input);
  }
  updateCalendar(id: string, input: { name?: string; definition?: CalendarDefinition }): Observable<BusinessCalendar> {
    return this.http.patch<BusinessCalendar>(`/business-calendars/${encodeURIComponent(id)}`, input);
  }
  policies(): Observable<{ items: SlaPolicy[] }> {
    return this.http.get<{ items: SlaPolicy[] }>('/sla-policies');
  }
  createPolicy(input: NewSlaPolicy): Observable<SlaPolicy> {
    return this.http.post<SlaPolicy>('/sla-policies', input);
  }
  updatePolicy(id: string, input: Partial<NewSlaPolicy>): Observable<SlaPolicy> {
    return this.http.patch<SlaPolicy>(`/sla-policies/${encodeURIComponent(id)}`, input);
  }

  routingRules(): Observable<{ items: RoutingRule[]; defaultGroup: string | null }> {
    return this.http.get<{ items: RoutingRule[]; defaultGroup: string | null }>('/routing-rules');
  }
  createRoutingRule(input: RoutingRuleInput): Observable<RoutingRule> {
    return this.http.post<RoutingRule>('/routing-rules', input);
  }
  updateRoutingRule(id: string, input: Partial<RoutingRuleInput>): Observable<RoutingRule> {
    return this.http.patch<RoutingRule>(`/routing-rules/${id}`, input);
  }
  deleteRoutingRule(id: string): Observable<void> {
    return this.http.delete<void>(`/routing-rules/${id}`);
  }
  reorderRoutingRules(ids: string[]): Observable<{ items: RoutingRule[]; defaultGroup: string | null }> {
    return this.http.put<{ items: RoutingRule[]; defaultGroup: string | null }>('/routing-rules/order', { ids });
  }
  setDefaultGroup(assignmentGroup: string): Observable<{ defaultGroup: string }> {
    return this.http.put<{ defaultGroup: string }>('/routing-rules/default', { assignmentGroup });
  }
  testRouting(input: { ticketNumber?: string } & Partial<RoutingTestResult['facts']>): Observable<RoutingTestResult> {
    return this.http.post<RoutingTestResult>('/routing-rules/test', input);
  }
  groups(): Observable<{ items: GroupSummary[] }> {
    return this.http.get<{ items: GroupSummary[] }>('/groups', { params: { limit: 100 } });
  }
  setGroupStrategy(key: string, routingStrategy: string): Observable<GroupSummary> {
    return this.http.patch<GroupSummary>(`/groups/${encodeURIComponent(key)}`, { routingStrategy });
  }
}
