import { HttpClient, HttpEvent } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors the API's TicketAttachment (service-catalog/attachments/schemas.ts). */
export interface TicketAttachment {
  id: string;
  ticketNumber: string;
  entryId: string | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedById: string | null;
  uploadedByName: string;
  createdAt: string;
  downloadUrl: string;
}

const path = (number: string, rest = '') => `/tickets/${encodeURIComponent(number)}/attachments${rest}`;

/** Files on a ticket: list, upload (multipart, with progress events) and download (as a blob: the API wants the bearer token). */
@Injectable({ providedIn: 'root' })
export class AttachmentsApi {
  private readonly http = inject(HttpClient);

  list(number: string): Observable<{ items: TicketAttachment[] }> {
    return this.http.get<{ items: TicketAttachment[] }>(path(number));
  }

  /** The upload's events: progress as bytes go out, then the stored attachment. */
  upload(number: string, file: File): Observable<HttpEvent<TicketAttachment>> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<TicketAttachment>(path(number), form, { reportProgress: true, observe: 'events' });
  }

  download(number: string, id: string): Observable<Blob> {
    return this.http.get(path(number, `/${encodeURIComponent(id)}`), { responseType: 'blob' });
  }
}
