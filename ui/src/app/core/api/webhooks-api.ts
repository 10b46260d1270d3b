import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors the API's WebhookSubscription (service-catalog/webhooks/schemas.ts). */
export interface WebhookSubscription {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  organizationId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Create and rotate answer with the signing secret, once. */
export interface WebhookWithSecret extends WebhookSubscription {
  secret: string;
}

/** Mirrors the API's WebhookDelivery. */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  deadAt: string | null;
  replays: number;
  createdAt: string;
  event: { id: number; type: string; subject: string; occurredAt: string; payload: Record<string, unknown> };
}

export interface NewWebhook {
  name: string;
  url: string;
  eventTypes: string[];
  organizationId: string | null;
}

/** The admin's side of outgoing webhooks (/webhooks…). */
@Injectable({ providedIn: 'root' })
export class WebhooksApi {
  private readonly http = inject(HttpClient);

  eventTypes(): Observable<{ items: string[] }> {
    return this.http.get<{ items: string[] }>('/webhooks/event-types');
  }
  list(): Observable<{ items: WebhookSubscription[]; total: number }> {
    return this.http.get<{ items: WebhookSubscription[]; total: number }>('/webhooks');
  }
  create(input: NewWebhook): Observable<WebhookWithSecret> {
    return this.http.post<WebhookWithSecret>('/webhooks', input);
  }
  update(
    id: string,
    changes: Partial<Pick<WebhookSubscription, 'name' | 'url' | 'eventTypes' | 'active'>>,
  ): Observable<WebhookSubscription> {
    return this.http.patch<WebhookSubscription>(`/webhooks/${id}`, changes);
  }
  rotateSecret(id: string): Observable<WebhookWithSecret> {
    return this.http.post<WebhookWithSecret>(`/webhooks/${id}/secret`, {});
  }
  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/webhooks/${id}`);
  }
  deliveries(id: string, state?: 'pending' | 'delivered' | 'dead'): Observable<{ items: WebhookDelivery[]; total: number }> {
    return this.http.get<{ items: WebhookDelivery[]; total: number }>(`/webhooks/${id}/deliveries`, { params: state ? { state } : {} });
  }
  replay(deliveryId: string): Observable<WebhookDelivery> {
    return this.http.post<WebhookDelivery>(`/webhook-deliveries/${deliveryId}/replay`, {});
  }
}
