import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { BACKLOG_BUCKETS } from '../domain/kpi-dimensions';
import { KpiReports, type KpiQuery, type KpiRow } from '../domain/kpi-reports';
import { toCsv } from '../domain/csv';
import { kpiSummary as summarise } from '../domain/kpi-summary';
import { groupLiveView } from '../domain/group-live-view';
import { olaReport, type OlaQuery } from '../domain/ola-report';
import { backlogQuery, backlogReport, groupLive, kpiQuery, kpiReport, liveQuery, olaQuery, olaReportSchema } from '../schemas';
import type { KpiBreakdown, KpiFilters } from '../domain/kpi-dimensions';

/**
 * The desk (agents, process owners, admins) and a customer's manager read KPIs; every reading goes
 * through the caller's tenant scope, so a customer manager sees their own organisation's numbers only.
 * A plain requester does not: a desk's figures are for whoever steers the contract, not every caller.
 */
const READERS = { access: { scope: ['customer-manager', 'agent', 'process-owner', 'admin'] } };

const KPI_COLUMNS: Array<keyof KpiRow & string> = [
  'period',
  'key',
  'created',
  'resolved',
  'firstResponseBusinessAvgS',
  'firstResponseAvgS',
  'resolutionBusinessAvgS',
  'resolutionAvgS',
  'resolutionActiveBusinessAvgS',
  'resolutionActiveAvgS',
  'responseCompliance',
  'resolutionCompliance',
  'firstContactResolution',
  'reopenRate',
  'csatAnswers',
  'csatAverage',
  'csatSatisfied',
  'npsAnswers',
  'nps',
  'cesAnswers',
  'cesAverage',
  'kbSearches',
  'kbViews',
  'kbDeflections',
  'deflectionRate',
  'selfServicePerTicket',
];

const summaryOf = (request: Request) => summarise(request.app.em, request.query as unknown as KpiQuery);

export const kpiSummary: ServerRoute = {
  method: 'GET',
  path: '/kpis',
  options: {
    tags: ['api', 'kpis'],
    description:
      "FRT, MTTR (business and wall-clock, with and without time awaiting the caller), SLA compliance, FCR, reopen rate, CSAT, NPS and CES of tickets created in [from, to), and customers' self-service (searches, article views, deflections) in the same periods, by period and one dimension",
    auth: READERS,
    validate: { query: kpiQuery },
    response: { schema: kpiReport },
  },
  async handler(request) {
    return summaryOf(request);
  },
};

export const kpiSummaryCsv: ServerRoute = {
  method: 'GET',
  path: '/kpis.csv',
  options: {
    tags: ['api', 'kpis'],
    description: 'The KPI summary as CSV (one row per period and breakdown value)',
    auth: READERS,
    validate: { query: kpiQuery },
    response: { schema: Joi.string() },
    plugins: { 'hapi-swagger': { produces: ['text/csv'] } },
  },
  async handler(request, h) {
    return h
      .response(toCsv(KPI_COLUMNS, (await summaryOf(request)).items))
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="kpis.csv"');
  },
};

export const kpiBacklog: ServerRoute = {
  method: 'GET',
  path: '/kpis/backlog',
  options: {
    tags: ['api', 'kpis'],
    description: 'Open tickets at an instant by age bucket (under 1 day, 1–3, 3–7, 7–30, over 30 days)',
    auth: READERS,
    validate: { query: backlogQuery },
    response: { schema: backlogReport },
  },
  async handler(request) {
    const q = request.query as unknown as KpiFilters & { at?: Date; by: KpiBreakdown };
    const at = q.at ?? new Date();
    return { at, items: await new KpiReports(request.app.em).backlog({ ...q, at }) };
  },
};

export const kpiBacklogCsv: ServerRoute = {
  method: 'GET',
  path: '/kpis/backlog.csv',
  options: {
    tags: ['api', 'kpis'],
    description: 'The backlog by age bucket as CSV',
    auth: READERS,
    validate: { query: backlogQuery },
    response: { schema: Joi.string() },
    plugins: { 'hapi-swagger': { produces: ['text/csv'] } },
  },
  async handler(request, h) {
    const q = request.query as unknown as KpiFilters & { at?: Date; by: KpiBreakdown };
    const rows = await new KpiReports(request.app.em).backlog({ ...q, at: q.at ?? new Date() });
    return h
      .response(toCsv(['key', 'total', ...BACKLOG_BUCKETS.map((b) => b.key)], rows))
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="backlog.csv"');
  },
};

export const groupLiveRoute: ServerRoute = {
  method: 'GET',
  path: '/kpis/live',
  options: {
    tags: ['api', 'kpis'],
    description: "A group lead's live view: the group's backlog by agent, tickets breaching soon, who is on what",
    auth: { access: { scope: ['agent', 'process-owner', 'admin'] } },
    validate: { query: liveQuery },
    response: { schema: groupLive },
  },
  async handler(request) {
    const q = request.query as { group: string; withinMinutes: number };
    return groupLiveView(request.app.em, q.group, new Date(), q.withinMinutes * 60);
  },
};

export const kpiOla: ServerRoute = {
  method: 'GET',
  path: '/kpis/ola',
  options: {
    tags: ['api', 'kpis'],
    description:
      "OLA attainment per group for tickets created in [from, to): how long each group held them (wall-clock, from the assignment trail, until resolved), against the group's OLA target",
    auth: { access: { scope: ['agent', 'process-owner', 'admin'] } },
    validate: { query: olaQuery },
    response: { schema: olaReportSchema },
  },
  async handler(request) {
    const q = request.query as unknown as OlaQuery;
    return { from: q.from, to: q.to, items: await olaReport(request.app.em, q) };
  },
};
