import type { EntityManager } from '@mikro-orm/postgresql';

/** One group's OLA over the tickets created in a range: how long it held them against its target. */
export interface OlaRow {
  group: string;
  /** The group's OLA target now (ISO 8601, e.g. PT4H), or null when it has none. */
  target: string | null;
  /** Tickets of the range the group held at some point. */
  tickets: number;
  heldAvgS: number;
  heldMaxS: number;
  /** Tickets the group held longer than its target (0 without a target). */
  exceeded: number;
  /** Share of its tickets the group handed on or resolved within its target; null without a target. */
  attainment: number | null;
}

export interface OlaQuery {
  from: Date;
  to: Date;
  group?: string;
}

/**
 * OLA attainment per group, for tickets created in [from, to) (the same cohort as every KPI): the time
 * each group held each ticket, summed over its stretches, from the assignment trail in the audit log
 * (each row whose `after` names `assignmentGroup`, null included) until the ticket was resolved (or now) — the same
 * reading as the `ola` a ticket shows (ticket-ola.ts), wall-clock like it. Read through the caller's
 * tenant scope: row-level security of `ticket` and `audit_log` narrows it to their organisations.
 */
export async function olaReport(em: EntityManager, q: OlaQuery): Promise<OlaRow[]> {
  const rows = (await em.execute(
    `with cohort as (
       select t.id, coalesce(t.resolved_at, t.closed_at, now()) as stop
       from ticket t where t.created_at >= ? and t.created_at < ?
     ), steps as (
       select c.id as ticket_id, c.stop, a.at, a.after ->> 'assignmentGroup' as grp,
         lead(a.at) over (partition by c.id order by a.id) as next_at
       from cohort c join audit_log a on a.entity = 'Ticket' and a.entity_id = c.id::text and (a.after -> 'assignmentGroup') is not null
     ), held as (
       select ticket_id, grp,
         sum(greatest(0, extract(epoch from least(coalesce(next_at, stop), stop) - at)))::float8 as held_s
       from steps where grp is not null group by ticket_id, grp
     )
     select h.grp, g.ola_target, count(*)::int as tickets, avg(h.held_s)::float8 as held_avg,
       max(h.held_s)::float8 as held_max,
       (count(*) filter (where g.ola_target is not null and h.held_s > extract(epoch from g.ola_target::interval)))::int as exceeded
     from held h left join assignment_group g on g.key = h.grp
     where (?::text is null or h.grp = ?)
     group by h.grp, g.ola_target order by h.grp`,
    [q.from, q.to, q.group ?? null, q.group ?? null],
  )) as Array<Record<string, unknown>>;
  return rows.map((r) => {
    const tickets = Number(r.tickets);
    const target = (r.ola_target as string | null) ?? null;
    const exceeded = Number(r.exceeded);
    return {
      group: String(r.grp),
      target,
      tickets,
      heldAvgS: Math.round(Number(r.held_avg)),
      heldMaxS: Math.round(Number(r.held_max)),
      exceeded,
      attainment: target && tickets ? (tickets - exceeded) / tickets : null,
    };
  });
}
