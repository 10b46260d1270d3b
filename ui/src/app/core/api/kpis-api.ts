import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Mirrors the API's KpiRow (service-catalog/kpis/schemas.ts). */
export interface KpiRow {
  period: string;
  key: string | null;
  created: number;
  resolved: number;
  firstResponseBusinessAvgS: number | null;
  firstResponseAvgS: number | null;
  resolutionBusinessAvgS: number | null;
  resolutionAvgS: number | null;
  resolutionActiveBusinessAvgS: number | null;
  resolutionActiveAvgS: number | null;
  responseCompliance: number | null;
  resolutionCompliance: number | null;
  firstContactResolution: number | null;
  reopenRate: number | null;
  csatAnswers: number;
  csatAverage: number | null;
  csatSatisfied: number | null;
  npsAnswers: number;
  nps: number | null;
  cesAnswers: number;
  cesAverage: number | null;
  kbSearches: number | null;
  kbViews: number | null;
  kbDeflections: number | null;
  deflectionRate: number | null;
  selfServicePerTicket: number | null;
}

export interface MissingKpi {
  kpi: string;
  reason: string;
}

export interface KpiReport {
  items: KpiRow[];
  missing: MissingKpi[];
}

export interface BacklogRow {
  key: string | null;
  total: number;
  under1d: number;
  days1to3: number;
  days3to7: number;
  days7to30: number;
  over30d: number;
}

export interface LiveTicket {
  number: string;
  title: string;
  priority: string | null;
  state: string;
  assigneeId: string | null;
  assigneeName: string | null;
  resolutionDueAt: string | null;
  dueInS: number | null;
}

export interface GroupLiveView {
  group: string;
  at: string;
  backlog: BacklogRow[];
  breachingSoon: LiveTicket[];
  work: LiveTicket[];
}

export type KpiParams = Record<string, string>;

/** The KPI endpoints (/kpis…). Empty filters are left out, so the API applies its defaults. */
@Injectable({ providedIn: 'root' })
export class KpisApi {
  private readonly http = inject(HttpClient);

  summary(params: KpiParams): Observable<KpiReport> {
    return this.http.get<KpiReport>('/kpis', { params: clean(params) });
  }

  backlog(params: KpiParams): Observable<{ at: string; items: BacklogRow[] }> {
    return this.http.get<{ at: string; items: BacklogRow[] }>('/kpis/backlog', { params: clean(params) });
  }

  live(group: string): Observable<GroupLiveView> {
    return this.http.get<GroupLiveView>('/kpis/live', { params: { group } });
  }

  /** The CSV of a summary, as text (the download goes through the signed-in client, not a bare link). */
  summaryCsv(params: KpiParams): Observable<string> {
    return this.http.get('/kpis.csv', { params: clean(params), responseType: 'text' });
  }
}

const clean = (params: KpiParams): KpiParams => Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ''));
