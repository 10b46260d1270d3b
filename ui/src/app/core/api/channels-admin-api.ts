import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors ChatSite (service-catalog/chat/schemas.ts): an organisation's widget and contact form key. */
export interface ChatSite {
  id: string;
  organizationId: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  ticketType: string;
  createdAt: string;
  /** False once an admin switched it off: the widget and the contact form refuse its key. */
  active: boolean;
  /** When it was switched off (ISO), or null while it is on. */
  disabledAt: string | null;
}

/** What PATCH /chat-sites/{id} takes: at least one of them. */
export interface ChatSiteChange {
  name?: string;
  allowedOrigins?: string[];
  active?: boolean;
}

/** What PATCH /phone-lines/{id} takes: at least one of them. */
export interface PhoneLineChange {
  name?: string;
  active?: boolean;
}

/** Mirrors ListedPhoneLine (service-catalog/chat/routes/phone-routes.ts): a line without its secret. */
export interface ListedPhoneLine {
  id: string;
  organizationId: string;
  name: string;
  createdAt: string;
  /** False once an admin switched it off: its signed call events are refused. */
  active: boolean;
  disabledAt: string | null;
}

/** Mirrors PhoneLine: the create answer, the only one that carries the line's signing secret. */
export interface PhoneLine extends ListedPhoneLine {
  secret: string;
}

/** Mirrors ChatQueue: how long a group's chats wait for an agent, and the calendar of its chat hours. */
export interface ChatQueue {
  groupKey: string;
  offerSeconds: number;
  calendarId: string | null;
}

/** The admin's side of the channels (issue 25): widget site keys, telephony lines, chat queues. */
@Injectable({ providedIn: 'root' })
export class ChannelsAdminApi {
  private readonly http = inject(HttpClient);

  sites(): Observable<ChatSite[]> {
    return this.http.get<ChatSite[]>('/chat-sites');
  }
  createSite(input: { organizationId: string; name: string; allowedOrigins: string[]; ticketType: string }): Observable<ChatSite> {
    return this.http.post<ChatSite>('/chat-sites', input);
  }
  updateSite(id: string, change: ChatSiteChange): Observable<ChatSite> {
    return this.http.patch<ChatSite>(`/chat-sites/${encodeURIComponent(id)}`, change);
  }
  phoneLines(): Observable<ListedPhoneLine[]> {
    return this.http.get<ListedPhoneLine[]>('/phone-lines');
  }
  createPhoneLine(input: { organizationId: string; name: string }): Observable<PhoneLine> {
    return this.http.post<PhoneLine>('/phone-lines', input);
  }
  updatePhoneLine(id: string, change: PhoneLineChange): Observable<ListedPhoneLine> {
    return this.http.patch<ListedPhoneLine>(`/phone-lines/${encodeURIComponent(id)}`, change);
  }
  queues(): Observable<ChatQueue[]> {
    return this.http.get<ChatQueue[]>('/chat-queues');
  }
  setQueue(groupKey: string, input: { offerSeconds: number; calendarId: string | null }): Observable<ChatQueue> {
    return this.http.put<ChatQueue>(`/chat-queues/${encodeURIComponent(groupKey)}`, input);
  }
}
