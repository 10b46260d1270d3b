/** How a KPI report is sliced: a period of the ticket's creation and one dimension of the ticket. */
export const KPI_PERIODS = ['day', 'week', 'month'] as const;
export type KpiPeriod = (typeof KPI_PERIODS)[number];

export const KPI_BREAKDOWNS = ['none', 'group', 'agent', 'service', 'priority', 'customer'] as const;
export type KpiBreakdown = (typeof KPI_BREAKDOWNS)[number];

/**
 * The column of `ticket_kpi` each breakdown groups by. Fixed SQL fragments, never caller text: the
 * breakdown is chosen from this table, so it cannot carry anything into the query.
 */
export const BREAKDOWN_COLUMN: Record<KpiBreakdown, string> = {
  none: "''",
  group: 'assignment_group',
  agent: 'assignee_id::text',
  service: 'service',
  priority: 'priority',
  customer: 'organization_id::text',
};

/** Narrowing filters, one per dimension; each compares its column to a bound parameter. */
export interface KpiFilters {
  group?: string;
  agent?: string;
  service?: string;
  priority?: string;
  customer?: string;
}

export const FILTER_COLUMN: Record<keyof KpiFilters, string> = {
  group: 'assignment_group',
  agent: 'assignee_id::text',
  service: 'service',
  priority: 'priority',
  customer: 'organization_id::text',
};

/** Ages of open tickets, in days: a ticket falls in the first bucket whose upper bound it is below. */
export const BACKLOG_BUCKETS = [
  { key: 'under1d', days: 1 },
  { key: 'days1to3', days: 3 },
  { key: 'days3to7', days: 7 },
  { key: 'days7to30', days: 30 },
  { key: 'over30d', days: null },
] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number]['key'];
