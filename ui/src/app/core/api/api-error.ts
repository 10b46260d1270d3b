import { HttpErrorResponse } from '@angular/common/http';
import { ApiErrorDetail } from './api-types';

/** An API failure, normalised for display. */
export interface ApiProblem {
  status: number;
  message: string;
  details: ApiErrorDetail[];
  /** The API's stable code (`STALE_TICKET`, `NOT_YOUR_TICKET`…), when it gave one. */
  code?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toDetail(raw: unknown): ApiErrorDetail | null {
  if (typeof raw === 'string') {
    return { message: raw };
  }
  if (!isRecord(raw)) {
    return null;
  }
  const detail: ApiErrorDetail = { message: String(raw['message'] ?? 'Invalid') };
  if (typeof raw['elementId'] === 'string' && raw['elementId']) {
    detail.elementId = raw['elementId'];
  }
  if (typeof raw['field'] === 'string' && raw['field']) {
    detail.field = raw['field'];
  }
  return detail;
}

/** Turns whatever HttpClient (or anything else) threw into an {@link ApiProblem}. */
export function toApiProblem(error: unknown): ApiProblem {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return { status: 0, message: 'The Flowdesk server could not be reached.', details: [] };
    }
    let body: unknown = error.error;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        // plain-text body: shown as is below
      }
    }
    if (isRecord(body)) {
      const details = Array.isArray(body['details']) ? body['details'].map(toDetail).filter((d): d is ApiErrorDetail => d !== null) : [];
      const message =
        typeof body['message'] === 'string' && body['message']
          ? body['message']
          : `${error.status} ${error.statusText || String(body['error'] ?? 'Error')}`;
      const code = typeof body['code'] === 'string' && body['code'] ? { code: body['code'] } : {};
      return { status: error.status, message, details, ...code };
    }
    const text = typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : '';
    return {
      status: error.status,
      message: text || `${error.status} ${error.statusText || 'Error'}`,
      details: [],
    };
  }
  return {
    status: -1,
    message: error instanceof Error ? error.message : String(error),
    details: [],
  };
}

/** One line for a detail, e.g. `Task_1 (zeebe:taskDefinition): type is required`. */
export function describeDetail(detail: ApiErrorDetail): string {
  const where = [detail.elementId, detail.field && `(${detail.field})`].filter(Boolean).join(' ');
  return where ? `${where}: ${detail.message}` : detail.message;
}
