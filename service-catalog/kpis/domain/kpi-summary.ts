import type { EntityManager } from '@mikro-orm/postgresql';
import { KpiReports, type KpiQuery, type KpiRow } from './kpi-reports';

export interface MissingKpi {
  kpi: string;
  reason: string;
}

/**
 * Self-service is counted from the customers' knowledge-base events, which carry a time and an
 * organisation only: it can be set beside the whole desk's tickets or a customer's, never a group's.
 */
export const selfServiceAttributable = (q: KpiQuery): boolean =>
  (q.by === 'none' || q.by === 'customer') &&
  q.group === undefined &&
  q.agent === undefined &&
  q.service === undefined &&
  q.priority === undefined;

const UNATTRIBUTABLE: MissingKpi = {
  kpi: 'deflection',
  reason:
    'knowledge-base searches, views and deflections carry no group, agent, service or priority: read them by customer or for the whole desk',
};

/** The KPI summary: ticket figures per period and key, with the customers' self-service beside them. */
export async function kpiSummary(em: EntityManager, q: KpiQuery): Promise<{ items: KpiRow[]; missing: MissingKpi[] }> {
  const reports = new KpiReports(em);
  const items = await reports.summary(q);
  if (!selfServiceAttributable(q)) return { items, missing: [UNATTRIBUTABLE] };
  const byPeriodAndKey = new Map(items.map((row) => [`${row.period}|${row.key ?? ''}`, row]));
  for (const row of items) Object.assign(row, selfServiceOf(row.created, 0, 0, 0));
  for (const e of await reports.selfService(q)) {
    let row = byPeriodAndKey.get(`${e.period}|${e.key}`);
    if (!row) {
      // A period with searches but no ticket: its ticket figures are empty, its self-service is not.
      row = emptyRow(e.period, e.key);
      items.push(row);
      byPeriodAndKey.set(`${e.period}|${e.key}`, row);
    }
    Object.assign(row, selfServiceOf(row.created, e.searches, e.views, e.deflections));
  }
  items.sort((a, b) => (a.period === b.period ? (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff', 'en') : a.period < b.period ? -1 : 1));
  return { items, missing: [] };
}

function selfServiceOf(created: number, searches: number, views: number, deflections: number): Partial<KpiRow> {
  return {
    kbSearches: searches,
    kbViews: views,
    kbDeflections: deflections,
    deflectionRate: deflections + created === 0 ? null : deflections / (deflections + created),
    selfServicePerTicket: created === 0 ? null : (searches + views) / created,
  };
}

function emptyRow(period: string, key: string): KpiRow {
  return {
    period,
    key,
    created: 0,
    resolved: 0,
    firstResponseBusinessAvgS: null,
    firstResponseAvgS: null,
    resolutionBusinessAvgS: null,
    resolutionAvgS: null,
    resolutionActiveBusinessAvgS: null,
    resolutionActiveAvgS: null,
    responseCompliance: null,
    resolutionCompliance: null,
    firstContactResolution: null,
    reopenRate: null,
    csatAnswers: 0,
    csatAverage: null,
    csatSatisfied: null,
    npsAnswers: 0,
    nps: null,
    cesAnswers: 0,
    cesAverage: null,
    kbSearches: 0,
    kbViews: 0,
    kbDeflections: 0,
    deflectionRate: null,
    selfServicePerTicket: null,
  };
}
