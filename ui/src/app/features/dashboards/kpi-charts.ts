import type { EChartsCoreOption } from 'echarts/core';
import type { BacklogRow, KpiRow } from '../../core/api/kpis-api';

/** One chart per KPI: how a row's value is read and shown. Durations in hours, rates in percent. */
export interface KpiChart {
  id: string;
  title: string;
  unit: string;
  /** The y axis's fixed bounds, where the scale has them (NPS, CES). */
  range?: [min: number, max: number];
  value(row: KpiRow): number | null;
}

const hours = (s: number | null) => (s === null ? null : Math.round((s / 3600) * 100) / 100);
const percent = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

export const KPI_CHARTS: KpiChart[] = [
  { id: 'frt', title: 'First response (business hours)', unit: 'h', value: (r) => hours(r.firstResponseBusinessAvgS) },
  { id: 'mttr', title: 'Mean time to resolve (business hours)', unit: 'h', value: (r) => hours(r.resolutionBusinessAvgS) },
  {
    id: 'mttr-active',
    title: 'MTTR without waiting for the caller (business hours)',
    unit: 'h',
    value: (r) => hours(r.resolutionActiveBusinessAvgS),
  },
  { id: 'response-sla', title: 'Response SLA met', unit: '%', value: (r) => percent(r.responseCompliance) },
  { id: 'resolution-sla', title: 'Resolution SLA met', unit: '%', value: (r) => percent(r.resolutionCompliance) },
  { id: 'fcr', title: 'First-contact resolution', unit: '%', value: (r) => percent(r.firstContactResolution) },
  { id: 'reopen', title: 'Reopen rate', unit: '%', value: (r) => percent(r.reopenRate) },
  { id: 'csat', title: 'CSAT (share rating 4–5)', unit: '%', value: (r) => percent(r.csatSatisfied) },
  { id: 'nps', title: 'NPS (promoters − detractors)', unit: 'points', range: [-100, 100], value: (r) => r.nps },
  { id: 'ces', title: 'Customer effort (1 easy – 7 hard)', unit: '', range: [1, 7], value: (r) => r.cesAverage },
  { id: 'deflection', title: 'Deflection (solved by an article)', unit: '%', value: (r) => percent(r.deflectionRate) },
  { id: 'self-service', title: 'Searches and article views per ticket', unit: '', value: (r) => r.selfServicePerTicket },
  { id: 'created', title: 'Tickets created', unit: '', value: (r) => r.created },
];

/** A line per breakdown value (one line when there is no breakdown), periods along the x axis. */
export function kpiOverTime(chart: KpiChart, rows: readonly KpiRow[], label: (key: string | null) => string): EChartsCoreOption {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const keys = [...new Set(rows.map((r) => r.key))];
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: periods },
    yAxis: {
      type: 'value',
      name: chart.unit,
      ...(chart.unit === '%' ? { max: 100 } : {}),
      ...(chart.range ? { min: chart.range[0], max: chart.range[1] } : {}),
    },
    // A KPI with no value in any row (self-service by group) draws no lines; the page says why.
    series: keys.map((key) => ({
      name: label(key),
      type: 'line',
      connectNulls: false,
      data: periods.map((p) => {
        const row = rows.find((r) => r.period === p && r.key === key);
        return row ? chart.value(row) : null;
      }),
    })),
  };
}

const BUCKETS: Array<[keyof BacklogRow, string]> = [
  ['under1d', 'under 1 day'],
  ['days1to3', '1–3 days'],
  ['days3to7', '3–7 days'],
  ['days7to30', '7–30 days'],
  ['over30d', 'over 30 days'],
];

/** Open tickets by age, stacked per breakdown value. */
export function backlogByAge(rows: readonly BacklogRow[], label: (key: string | null) => string): EChartsCoreOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: rows.map((r) => label(r.key)) },
    yAxis: { type: 'value', name: 'tickets' },
    series: BUCKETS.map(([key, name]) => ({ name, type: 'bar', stack: 'age', data: rows.map((r) => r[key]) })),
  };
}
