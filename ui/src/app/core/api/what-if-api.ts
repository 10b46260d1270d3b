import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors the API's WhatIfOutcome (service-catalog/processes/what-if-schemas.ts): one side of one instance. */
export interface WhatIfOutcome {
  status: 'completed' | 'terminated' | 'waiting' | 'incident' | 'not-started';
  path: string[];
  waits: Array<{ elementId: string; kind: string; label: string }>;
  incidents: Array<{ elementId: string; type: string; message: string }>;
  unfit: Array<{ index: number; event: string; elementId?: string; at: number; reason: string }>;
  assumed: string[];
  /** Timers fired in the replay: at their recorded time, or `new` ones at their own due time. */
  timers?: Array<{ elementId: string; at: number; dueAt: number; source: 'recorded' | 'new' | 'due'; index?: number }>;
  endedAt?: number;
  sla?: 'met' | 'breached' | 'open';
}

/** Mirrors the API's WhatIfElementTotals: what the heatmap paints on each element. */
export interface WhatIfElementTotals {
  elementId: string;
  recorded: number;
  candidate: number;
  waiting: number;
  incidents: number;
  unfit: number;
}

/** Mirrors the API's WhatIfTotals. */
export interface WhatIfTotals {
  instances: number;
  diverging: number;
  slaChanged: number;
  outcomes: { recorded?: Record<string, number>; candidate?: Record<string, number> };
  elements: WhatIfElementTotals[];
}

/** Mirrors the API's WhatIfRun. */
export interface WhatIfRun {
  id: string;
  processId: string;
  periodFrom: string;
  periodTo: string;
  slaHours: number | null;
  state: 'running' | 'finished';
  total: number;
  counts: { pending?: number; replayed?: number; failed?: number };
  diverging: number;
  totals: WhatIfTotals | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/** Mirrors the API's WhatIfInstance: one instance, replayed on the diagram it ran and on the candidate. */
export interface WhatIfInstance {
  instanceId: string;
  businessKey: string | null;
  state: 'pending' | 'replayed' | 'failed';
  diverges: boolean | null;
  reasons: string[];
  recorded: WhatIfOutcome | null;
  candidate: WhatIfOutcome | null;
  message: string | null;
}

export interface WhatIfRequest {
  xml: string;
  from: string;
  to: string;
  slaHours?: number;
}

/** The what-if replay (/process-definitions/{id}/what-if, /process-what-ifs/{id}…), docs/what-if.md. */
@Injectable({ providedIn: 'root' })
export class WhatIfApi {
  private readonly http = inject(HttpClient);

  start(definitionId: string, request: WhatIfRequest): Observable<WhatIfRun> {
    return this.http.post<WhatIfRun>(`/process-definitions/${definitionId}/what-if`, request);
  }
  get(runId: string): Observable<WhatIfRun> {
    return this.http.get<WhatIfRun>(`/process-what-ifs/${runId}`);
  }
  diverging(runId: string): Observable<{ items: WhatIfInstance[]; total: number }> {
    return this.http.get<{ items: WhatIfInstance[]; total: number }>(`/process-what-ifs/${runId}/instances`, {
      params: { diverging: true, limit: 200 },
    });
  }
}
