import Joi from 'joi';
import { BACKLOG_BUCKETS, KPI_BREAKDOWNS, KPI_PERIODS } from './domain/kpi-dimensions';

/** The longest range one report may span: a year and a day, so "this month last year" fits, a decade does not. */
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

const instant = Joi.date().iso().min('1970-01-01T00:00:00Z').max('9999-12-31T23:59:59Z');
const timeZone = Joi.string()
  .max(64)
  .custom((value: string, helpers) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return value;
    } catch {
      return helpers.error('any.invalid');
    }
  })
  .default('UTC')
  .description('IANA time zone in which days, weeks and months begin');

const filters = {
  group: Joi.string().max(120).description('assignment group key'),
  agent: Joi.string().guid().description('assignee user id'),
  service: Joi.string().max(120).description('service name'),
  priority: Joi.string().max(2),
  customer: Joi.string().guid().description('customer organisation id'),
};

export const kpiQuery = Joi.object({
  from: instant.required().description('start of the range of ticket creation (inclusive)'),
  to: instant
    .required()
    // Bounded by `from` only when `from` is a valid instant; otherwise `from`'s own error names it.
    .when('from', {
      is: instant.required(),
      then: Joi.date()
        .greater(Joi.ref('from'))
        .max(Joi.ref('from', { adjust: (from: Date | string) => new Date(new Date(from).getTime() + MAX_RANGE_DAYS * DAY_MS) })),
    })
    .description(`end of the range (exclusive), at most ${MAX_RANGE_DAYS} days after from`),
  period: Joi.string()
    .valid(...KPI_PERIODS)
    .default('month'),
  by: Joi.string()
    .valid(...KPI_BREAKDOWNS)
    .default('none'),
  timeZone,
  ...filters,
}).label('KpiQuery');

export const backlogQuery = Joi.object({
  at: instant.description('the instant the backlog is read at (default: now)'),
  by: Joi.string()
    .valid(...KPI_BREAKDOWNS)
    .default('group'),
  ...filters,
}).label('BacklogQuery');

export const liveQuery = Joi.object({
  group: Joi.string().max(120).required(),
  withinMinutes: Joi.number()
    .integer()
    .min(1)
    .max(7 * 24 * 60)
    .default(60)
    .description('"breaching soon" horizon'),
}).label('GroupLiveQuery');

const rate = Joi.number().min(0).max(1).allow(null);
const seconds = Joi.number().allow(null);
const count = Joi.number().integer().min(0).allow(null);

export const kpiRow = Joi.object({
  period: Joi.string().required().description('local date (in timeZone) the period begins on, YYYY-MM-DD'),
  key: Joi.string().allow(null, '').required().description('the breakdown value (empty for by=none)'),
  created: Joi.number().integer().required(),
  resolved: Joi.number().integer().required(),
  firstResponseBusinessAvgS: seconds.required(),
  firstResponseAvgS: seconds.required(),
  resolutionBusinessAvgS: seconds.required().description('MTTR in business time of the SLA calendar'),
  resolutionAvgS: seconds.required(),
  resolutionActiveBusinessAvgS: seconds.required().description('MTTR in business time less the time awaiting the caller'),
  resolutionActiveAvgS: seconds.required().description('wall-clock MTTR less the time awaiting the caller'),
  responseCompliance: rate.required(),
  resolutionCompliance: rate.required(),
  firstContactResolution: rate.required(),
  reopenRate: rate.required(),
  csatAnswers: Joi.number().integer().required(),
  csatAverage: Joi.number().allow(null).required(),
  csatSatisfied: rate.required(),
  npsAnswers: Joi.number().integer().required(),
  nps: Joi.number().min(-100).max(100).allow(null).required().description('% promoters (9–10) less % detractors (0–6)'),
  cesAnswers: Joi.number().integer().required(),
  cesAverage: Joi.number().min(1).max(7).allow(null).required(),
  kbSearches: count.required().description("customers' knowledge-base searches (null: not attributable to this breakdown)"),
  kbViews: count.required(),
  kbDeflections: count.required().description('"this solved my problem"'),
  deflectionRate: rate.required().description('deflections / (deflections + tickets created)'),
  selfServicePerTicket: Joi.number().min(0).allow(null).required().description('(searches + article views) / tickets created'),
}).label('KpiRow');

export const kpiReport = Joi.object({
  items: Joi.array().items(kpiRow).required(),
  missing: Joi.array()
    .items(Joi.object({ kpi: Joi.string().required(), reason: Joi.string().required() }).label('MissingKpi'))
    .required()
    .description('KPIs this installation cannot compute yet, and why'),
}).label('KpiReport');

const backlogRow = Joi.object({
  key: Joi.string().allow(null, '').required(),
  total: Joi.number().integer().required(),
  ...Object.fromEntries(BACKLOG_BUCKETS.map((b) => [b.key, Joi.number().integer().required()])),
}).label('BacklogRow');

export const backlogReport = Joi.object({ at: instant.required(), items: Joi.array().items(backlogRow).required() }).label('BacklogReport');

const liveTicket = Joi.object({
  number: Joi.string().required(),
  title: Joi.string().required(),
  priority: Joi.string().allow(null).required(),
  state: Joi.string().required(),
  assigneeId: Joi.string().allow(null).required(),
  assigneeName: Joi.string().allow(null).required(),
  resolutionDueAt: Joi.string().allow(null).required(),
  dueInS: Joi.number().allow(null).required(),
}).label('LiveTicket');

export const groupLive = Joi.object({
  group: Joi.string().required(),
  at: Joi.string().required(),
  backlog: Joi.array().items(backlogRow).required(),
  breachingSoon: Joi.array().items(liveTicket).required(),
  work: Joi.array().items(liveTicket).required(),
}).label('GroupLiveView');

export const olaQuery = Joi.object({
  from: kpiQuery.extract('from'),
  to: kpiQuery.extract('to'),
  group: filters.group,
}).label('OlaQuery');

const olaRow = Joi.object({
  group: Joi.string().required(),
  target: Joi.string().allow(null).required().description("the group's OLA target now (ISO 8601), null: none"),
  tickets: Joi.number().integer().required().description('tickets of the range the group held'),
  heldAvgS: Joi.number().required().description('average wall-clock seconds the group held one of them'),
  heldMaxS: Joi.number().required(),
  exceeded: Joi.number().integer().required().description('tickets held longer than the target'),
  attainment: Joi.number().allow(null).required().description('share held within the target; null without a target'),
}).label('OlaRow');

export const olaReportSchema = Joi.object({
  from: instant.required(),
  to: instant.required(),
  items: Joi.array().items(olaRow).required(),
}).label('OlaReport');
