import type { EntityManager } from '@mikro-orm/postgresql';
import { BACKLOG_BUCKETS, BREAKDOWN_COLUMN, type BacklogBucket, type KpiBreakdown, type KpiFilters } from './kpi-dimensions';

export type BacklogRow = { key: string | null; total: number } & Record<BacklogBucket, number>;
export type BacklogQuery = KpiFilters & { at: Date; by: KpiBreakdown };

/** Pushes the filters' and the tenant's parameters and returns their conditions over unqualified ticket columns. */
export type Narrowing = (params: unknown[]) => string[];

const DAY_MS = 86_400_000;
/** Cancelled and rejected tickets never count: they carry no timestamp of when they stopped. */
const COUNTED = "state not in ('cancelled', 'rejected')";
/**
 * `ticket_backlog_daily.span_class`: -1 while unresolved, else ⌈log₂ of the days spanned⌉. Classes up to
 * 9 (spans up to 512 days) are read one by one; the rarer longer spans share one branch with no
 * lower bound on the creation day: each branch costs the planner, and 32 of them cost ~10 ms to plan.
 */
const SPAN_CLASSES = Array.from({ length: 12 }, (_, i) => i - 1);
const LONGEST_CLASS = SPAN_CLASSES.at(-1)!;
/**
 * What the report reads of the sums: the breakdown keys, the filters' columns and the tenant's, the
 * days and the count. All in ticket_backlog_daily_span_covering (Migration20270510000000), so each
 * class is read from that index alone; `ticket_backlog_open_monthly` (Migration20270510000001) has the
 * same columns with the month's first day for the creation day.
 */
const SUMS_COLUMNS = 'organization_id, created_day, open_until, assignment_group, assignee_id, service, priority, tickets';

/**
 * The exact path: every ticket open at `at` from `ticket_kpi`. "Open at `at`": created by then and
 * not resolved by then; its age is `at` less its creation.
 */
export async function backlogFromTickets(em: EntityManager, q: BacklogQuery, narrow: Narrowing): Promise<BacklogRow[]> {
  const buckets: string[] = [];
  let lower: number | null = null;
  for (const bucket of BACKLOG_BUCKETS) {
    const conds = [
      lower === null ? null : `age >= interval '${lower} days'`,
      bucket.days === null ? null : `age < interval '${bucket.days} days'`,
    ];
    buckets.push(`(count(*) filter (where ${conds.filter(Boolean).join(' and ')}))::int as "${bucket.key}"`);
    lower = bucket.days;
  }
  const params: unknown[] = [q.at, q.at, q.at];
  const where = ['created_at <= ?', '(resolved_at is null or resolved_at > ?)', COUNTED, ...narrow(params)];
  return rows(
    await em.execute(
      `select key, count(*)::int as total, ${buckets.join(', ')}
       from (select ${BREAKDOWN_COLUMN[q.by]} as key, ?::timestamptz - created_at as age from ticket_kpi where ${where.join(' and ')}) open_tickets
       group by key order by key nulls last`,
      params,
    ),
  );
}

/**
 * The same figures from `ticket_backlog_daily` (migrations/Migration20270503000000_backlog_and_deflection_daily.ts).
 *
 * The buckets' bounds cut the creation time line at `at` − 30, 7, 3 and 1 days and at `at`; a ticket's
 * bucket is how many cuts lie before its creation (5: created after `at`). Rows of the sums whose days
 * span `at`'s UTC day are taken at day precision: a row created on day D falls in the bucket of the
 * cuts on or before D. Two kinds of ticket differ from that, and are read from the tickets and
 * corrected, each taken out where its row put it and put back where it belongs: those created on a
 * cut's day up to the cut (their bucket is one lower), and those resolved on `at`'s day by `at` (not
 * open). When `at` is a UTC midnight both are the tickets stamped at the cut itself: index look-ups.
 */
export async function backlogFromSums(em: EntityManager, q: BacklogQuery, narrow: Narrowing): Promise<BacklogRow[]> {
  const key = BREAKDOWN_COLUMN[q.by];
  const at = q.at.getTime();
  const cuts = [...BACKLOG_BUCKETS.flatMap((b) => (b.days === null ? [] : [new Date(at - b.days * DAY_MS)])).reverse(), new Date(at)];
  const cutDays = cuts.map((c) => new Date(Math.floor(c.getTime() / DAY_MS) * DAY_MS));
  const atDay = isoDate(cutDays.at(-1)!);
  const createdDay = (t: string) => `(${t}.created_at at time zone 'UTC')::date`;
  const openUntil = (t: string) => `greatest(${createdDay(t)}, coalesce((${t}.resolved_at at time zone 'UTC')::date, 'infinity'::date))`;
  const dayBucket = (day: string, params: unknown[]) => {
    params.push(...cutDays.map(isoDate));
    return cutDays.map(() => `(${day} >= ?::date)::int`).join(' + ');
  };

  const params: unknown[] = [];
  params.push(...cuts.flatMap((c, i) => [cutDays[i], c]), cutDays.at(-1), q.at);
  const corrections = `select t.* from ticket t
     where (${cuts.map(() => '(t.created_at >= ? and t.created_at <= ?)').join(' or ')} or (t.resolved_at >= ? and t.resolved_at <= ?))
       and ${[COUNTED, ...narrow(params)].join(' and ')}`;

  const sumsBucket = dayBucket('d.created_day', params);
  // Each span class is one index range: a row spanning `at`'s day was created at most 2ⁿ − 1 days before it.
  // One branch per class with the class written in: behind a lateral over generate_series the planner
  // saw one generic class, chose the key index for its `open_until` bound and read every class's rows
  // once per class (~314,000 index entries at 1,000,000 tickets, 0.9 s, for 12,500 rows returned).
  // Still-open tickets (class -1) created in months wholly before the oldest bound's month are all in the
  // oldest bucket: they come from the monthly sums, dated the month's first day; the daily rows from then on.
  const monthsUntil = `${isoDate(cutDays[0]!).slice(0, 7)}-01`;
  const classes = SPAN_CLASSES.map((span) => {
    params.push(...(span < LONGEST_CLASS ? [span < 0 ? monthsUntil : atDay] : []), atDay, atDay);
    const range =
      span < 0
        ? 'span_class = -1 and created_day >= ?::date'
        : span < LONGEST_CLASS
          ? `span_class = ${span} and created_day >= ?::date - ${2 ** span - 1}`
          : `span_class >= ${span}`;
    return `select ${SUMS_COLUMNS} from ticket_backlog_daily where ${range} and created_day <= ?::date and open_until >= ?::date`;
  });
  params.push(monthsUntil);
  classes.push(`select organization_id, created_month, 'infinity'::date, assignment_group, assignee_id, service, priority, tickets
      from ticket_backlog_open_monthly where created_month < ?::date`);
  const sums = `select ${key} as key, ${sumsBucket} as b, d.tickets as n
      from (${classes.join(' union all ')}) d
     where ${narrow(params).join(' and ')}`;

  const rowBucket = dayBucket(createdDay('t'), params);
  params.push(atDay, atDay);
  const takenOut = `select ${key} as key, ${rowBucket} as b, -1 as n from corrections t
     where ${createdDay('t')} <= ?::date and ${openUntil('t')} >= ?::date`;

  params.push(...cuts, q.at, q.at);
  const putBack = `select ${key} as key, ${cuts.map(() => '(t.created_at > ?)::int').join(' + ')} as b, 1 as n from corrections t
     where t.created_at <= ? and (t.resolved_at is null or t.resolved_at > ?)`;

  // Bucket j holds the tickets j cuts after the oldest bound: 0 is the oldest bucket (the last listed).
  const columns = BACKLOG_BUCKETS.map(
    (b, i) => `(coalesce(sum(n) filter (where b = ${BACKLOG_BUCKETS.length - 1 - i}), 0))::int as "${b.key}"`,
  );
  return rows(
    await em.execute(
      `with corrections as materialized (${corrections})
       select key, sum(n)::int as total, ${columns.join(', ')}
         from (${sums} union all ${takenOut} union all ${putBack}) x
        where b < ${cuts.length}
        group by key having sum(n) > 0 order by key nulls last`,
      params,
    ),
  );
}

function rows(result: unknown): BacklogRow[] {
  return (result as Array<Record<string, unknown>>).map((r) => {
    const row = { key: (r.key as string | null) ?? null, total: Number(r.total) } as BacklogRow;
    for (const b of BACKLOG_BUCKETS) row[b.key] = Number(r[b.key]);
    return row;
  });
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
