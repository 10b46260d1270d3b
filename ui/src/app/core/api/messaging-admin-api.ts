import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors MessagingConnection (service-catalog/chat/routes/messaging-connection-routes.ts): a bridge without its secrets. */
export interface MessagingConnection {
  id: string;
  organizationId: string;
  name: string;
  kind: string;
  outboundUrl: string | null;
  subscriptionId: string | null;
  createdAt: string;
  secretRotatedAt: string | null;
  previousSecretUntil: string | null;
  /** False once an admin switched it off: its signed messages are refused and no reply goes out through it. */
  active: boolean;
  /** When it was switched off (ISO), or null while it is on. */
  disabledAt: string | null;
}

/** What PATCH /messaging-connections/{id} takes: at least one of them. */
export interface MessagingConnectionChange {
  name?: string;
  active?: boolean;
}

/** Mirrors NewMessagingConnectionSecrets: the create answer, the only one with both secrets. */
export interface NewMessagingConnection extends MessagingConnection {
  inboundSecret: string;
  outboundSecret: string | null;
}

/** Mirrors RotatedMessagingSecret: the rotation answer, the only one with the new inbound secret. */
export interface RotatedMessagingSecret extends MessagingConnection {
  inboundSecret: string;
}

/** The admin's side of the messaging bridges (issue 25). */
@Injectable({ providedIn: 'root' })
export class MessagingAdminApi {
  private readonly http = inject(HttpClient);

  connections(): Observable<MessagingConnection[]> {
    return this.http.get<MessagingConnection[]>('/messaging-connections');
  }
  create(input: { organizationId: string; name: string; kind: string; outboundUrl: string | null }): Observable<NewMessagingConnection> {
    return this.http.post<NewMessagingConnection>('/messaging-connections', input);
  }
  rotate(id: string, graceMinutes: number): Observable<RotatedMessagingSecret> {
    return this.http.post<RotatedMessagingSecret>(`/messaging-connections/${encodeURIComponent(id)}/secret`, { graceMinutes });
  }
  update(id: string, change: MessagingConnectionChange): Observable<MessagingConnection> {
    return this.http.patch<MessagingConnection>(`/messaging-connections/${encodeURIComponent(id)}`, change);
  }
}
