import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DeskClient } from './desk-client';
import { sleep, type FaultCluster } from './fault-cluster';

/** One incident the load raised: its Idempotency-Key, and whether it should become a major incident. */
export interface Raised {
  key: string;
  title: string;
  major: boolean;
}

/**
 * Raises `count` incidents at a steady `ratePerSec`, each retried with its own Idempotency-Key until
 * the API answers: three in four by requesters of two organisations (priority P3/P4, routed to a
 * group), one in four by an agent as P1 for Rita, which also pages the major-incident managers and
 * opens a linked problem. Resolves when every incident has been accepted (201, or 200 for a retry the
 * API recognised).
 */
export async function raiseIncidents(opts: {
  cluster: FaultCluster;
  client: DeskClient;
  tag: string;
  count: number;
  ratePerSec: number;
}): Promise<Raised[]> {
  const [rita] = await opts.cluster.query<{ id: string; organization_id: string }>(
    `select id, organization_id from app_user where username = 'rita'`,
  );
  const requesters = ['rita', 'paulius', 'erik'];
  const raised: Raised[] = [];
  const t0 = Date.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < opts.count; i++) {
    const wait = t0 + (i * 1000) / opts.ratePerSec - Date.now();
    if (wait > 0) await sleep(wait);
    const major = i % 4 === 3;
    const item: Raised = { key: randomUUID(), title: `fault ${opts.tag} #${i}`, major };
    raised.push(item);
    const body = major
      ? {
          title: item.title,
          description: 'Raised by the fault test.',
          impact: 'high',
          urgency: 'high',
          category: 'network',
          service: 'VPN',
          callerId: rita!.id,
          organizationId: rita!.organization_id,
        }
      : {
          title: item.title,
          description: 'Raised by the fault test.',
          impact: 'low',
          urgency: i % 2 ? 'low' : 'medium',
          category: 'network',
          service: 'VPN',
        };
    const who = major ? 'tomas' : requesters[i % requesters.length]!;
    pending.push(
      opts.client.request(who, 'POST', '/tickets', body, { 'idempotency-key': item.key }).then((res) => {
        if (res.status !== 201 && res.status !== 200) throw new Error(`raising ${item.title}: ${res.status} ${JSON.stringify(res.body)}`);
      }),
    );
  }
  await Promise.all(pending);
  return raised;
}

export interface SideEffectCounts {
  raised: number;
  majors: number;
  /** Incident tickets whose title the load used: one per Idempotency-Key. */
  incidentTickets: number;
  distinctTitles: number;
  idempotencyRecords: number;
  /** In their group's queue: in progress with an assignment group (or further along). */
  inQueueOrFurther: number;
  processInstanceRows: number;
  runningWorkflows: number;
  missingWorkflows: number;
  auditIncidentLogged: number;
  auditTicketCreated: number;
  /** audit_log rows that repeat another's entity, action and after-image: a side effect done twice. */
  duplicateAuditRows: number;
  problemTickets: number;
  links: number;
  acknowledgements: number;
  majorPages: number;
  /** Major incidents whose managers were paged. */
  majorsPaged: number;
  /** The same mail (ticket, recipient, subject) recorded twice. */
  duplicateMailRows: number;
  mailRows: number;
  sinkDeliveries: number;
  distinctSinkMessageIds: number;
  /**
   * A mail handed to the SMTP server again, with the same Message-ID, because the process died after the
   * server took it and before it was recorded. SMTP has no acknowledgement that could be stored atomically
   * with the hand-off, so this is at-least-once by nature; the stable Message-ID lets mail clients show
   * it once. Counted and reported, not part of `duplicated`.
   */
  smtpRedeliveries: number;
  /** Mails recorded as sent that never reached the sink, and the other way round. */
  mailsRecordedNotDelivered: number;
  mailsDeliveredNotRecorded: number;
  lost: number;
  duplicated: number;
}

/** Counts every side effect of the run's incidents, straight from PostgreSQL, Temporal and the SMTP sink. */
export async function countSideEffects(
  cluster: FaultCluster,
  tag: string,
  raised: Raised[],
  opts: { workflows?: boolean } = {},
): Promise<SideEffectCounts> {
  const like = `fault ${tag} #%`;
  const tickets = await cluster.query<{
    id: string;
    title: string;
    state: string;
    assignment_group: string | null;
    process_instance_id: string | null;
  }>(`select id, title, state, assignment_group, process_instance_id from ticket where type = 'incident' and title like ?`, [like]);
  const ids = tickets.map((t) => t.id);
  const instanceIds = tickets.map((t) => t.process_instance_id).filter((x): x is string => !!x);
  const one = async (sql: string, params: unknown[]) => Number((await cluster.query<{ n: string }>(sql, params))[0]?.n ?? 0);
  const idempotencyRecords = await one(`select count(*) as n from idempotency_record where resource_id = any(?::uuid[])`, [pgArray(ids)]);
  const processInstanceRows = await one(`select count(*) as n from process_instance where id = any(?::uuid[])`, [pgArray(instanceIds)]);
  const auditIncidentLogged = await one(
    `select count(*) as n from audit_entry where action = 'incident.logged' and process_instance_id = any(?::uuid[])`,
    [pgArray(instanceIds)],
  );
  const auditTicketCreated = await one(
    `select count(*) as n from audit_log where action = 'ticket.created' and entity_id = any(?::text[])`,
    [pgArray(ids)],
  );
  const duplicateAuditRows = await one(
    `select coalesce(sum(c - 1), 0) as n from (select count(*) as c from audit_log where entity_id = any(?::text[]) or entity_id = any(?::text[]) group by entity_id, action, "after"::text having count(*) > 1) d`,
    [pgArray(ids), pgArray(instanceIds)],
  );
  const links = await one(`select count(*) as n from ticket_link where ticket_id = any(?::uuid[])`, [pgArray(ids)]);
  const problemTickets = await one(`select count(*) as n from ticket where type = 'problem' and title like ?`, [`${like}%`]);
  const mails = await cluster.query<{ message_id: string; ticket_id: string; to_address: string; subject: string }>(
    `select message_id, ticket_id, to_address, subject from mail_message where direction = 'out' and ticket_id = any(?::uuid[])`,
    [pgArray(ids)],
  );
  const callers = new Map(
    (
      await cluster.query<{ id: string; email: string | null }>(
        `select t.id, u.email from ticket t left join app_user u on u.id = t.caller_id where t.id = any(?::uuid[])`,
        [pgArray(ids)],
      )
    ).map((r) => [r.id, r.email]),
  );
  const acknowledgements = mails.filter((m) => m.to_address === callers.get(m.ticket_id)).length;
  // Everything else these incidents mailed is the major-incident page to that group's managers.
  const pages = mails.filter((m) => m.to_address !== callers.get(m.ticket_id));
  const sameMail = new Map<string, number>();
  for (const m of mails)
    sameMail.set(`${m.ticket_id}|${m.to_address}|${m.subject}`, (sameMail.get(`${m.ticket_id}|${m.to_address}|${m.subject}`) ?? 0) + 1);
  const duplicateMailRows = [...sameMail.values()].reduce((n, c) => n + c - 1, 0);
  const recorded = new Set(mails.map((m) => m.message_id));
  const sinkOurs = cluster.sink.filter((m) => recorded.has(m.messageId) || tickets.some((t) => m.subject.includes(t.title)));
  const delivered = new Set(sinkOurs.map((m) => m.messageId));

  // Asking Temporal about each instance is the slow part: only for the final count.
  const { running: runningWorkflows, missing: missingWorkflows } =
    opts.workflows === false ? { running: -1, missing: -1 } : await workflowStatuses(cluster, instanceIds);

  const titles = new Set(tickets.map((t) => t.title));
  const inQueueOrFurther = tickets.filter((t) => t.assignment_group && t.state !== 'new').length;
  const majors = raised.filter((r) => r.major).length;
  const counts: SideEffectCounts = {
    raised: raised.length,
    majors,
    incidentTickets: tickets.length,
    distinctTitles: titles.size,
    idempotencyRecords,
    inQueueOrFurther,
    processInstanceRows,
    runningWorkflows,
    missingWorkflows,
    auditIncidentLogged,
    auditTicketCreated,
    duplicateAuditRows,
    problemTickets,
    links,
    acknowledgements,
    majorPages: pages.length,
    majorsPaged: new Set(pages.map((m) => m.ticket_id)).size,
    duplicateMailRows,
    mailRows: mails.length,
    sinkDeliveries: sinkOurs.length,
    distinctSinkMessageIds: delivered.size,
    smtpRedeliveries: sinkOurs.length - delivered.size,
    mailsRecordedNotDelivered: [...recorded].filter((id) => !delivered.has(id)).length,
    mailsDeliveredNotRecorded: [...delivered].filter((id) => !recorded.has(id)).length,
    lost: raised.filter((r) => !titles.has(r.title)).length + tickets.filter((t) => !t.assignment_group || t.state === 'new').length,
    duplicated:
      tickets.length -
      titles.size +
      Math.max(0, auditIncidentLogged - instanceIds.length) +
      Math.max(0, links - majors) +
      Math.max(0, problemTickets - majors) +
      duplicateMailRows +
      duplicateAuditRows,
  };
  return counts;
}

/** How many of these workflows run, and how many Temporal has never heard of. */
async function workflowStatuses(cluster: FaultCluster, ids: string[]): Promise<{ running: number; missing: number }> {
  const counts = { running: 0, missing: 0 };
  const temporal = await cluster.temporalClient();
  try {
    for (const id of ids) {
      try {
        if ((await temporal.client.workflow.getHandle(id).describe()).status.name === 'RUNNING') counts.running++;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) counts.missing++;
        else throw err;
      }
    }
  } finally {
    await temporal.close();
  }
  return counts;
}

/** Polls until every raised incident has reached its group's queue (or `timeoutMs` passes), then counts. */
export async function settle(cluster: FaultCluster, tag: string, raised: Raised[], timeoutMs: number): Promise<SideEffectCounts> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await countSideEffects(cluster, tag, raised, { workflows: false });
    const done =
      counts.inQueueOrFurther === raised.length &&
      counts.links === counts.majors &&
      counts.majorsPaged === counts.majors &&
      counts.acknowledgements === raised.length &&
      counts.mailsRecordedNotDelivered === 0;
    if (done || Date.now() > deadline) return countSideEffects(cluster, tag, raised);
    await sleep(2000);
  }
}

/** The counts as a table for the test's output and the report. */
export function printCounts(title: string, counts: SideEffectCounts, extra: Record<string, unknown> = {}): void {
  const rows = Object.entries({ ...counts, ...extra }).map(
    ([k, v]) => `  ${k.padEnd(28)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
  );
  console.log(`${title}\n${rows.join('\n')}`);
}

/**
 * What `countSideEffects` must say when each of `count` incidents reached its queue exactly once: one ticket,
 * idempotency record, instance, audit entry and acknowledgement each, a problem, link and page per major
 * incident, every recorded mail delivered once, nothing lost or duplicated.
 */
export function eachOnce(counts: SideEffectCounts, count: number): Partial<SideEffectCounts> {
  return {
    incidentTickets: count,
    distinctTitles: count,
    idempotencyRecords: count,
    inQueueOrFurther: count,
    processInstanceRows: count,
    runningWorkflows: count,
    missingWorkflows: 0,
    auditIncidentLogged: count,
    auditTicketCreated: count,
    duplicateAuditRows: 0,
    problemTickets: counts.majors,
    links: counts.majors,
    majorsPaged: counts.majors,
    acknowledgements: count,
    duplicateMailRows: 0,
    distinctSinkMessageIds: counts.mailRows,
    mailsRecordedNotDelivered: 0,
    mailsDeliveredNotRecorded: 0,
    lost: 0,
    duplicated: 0,
  };
}

export const newTag = () => randomUUID().slice(0, 8);

/** An array as one PostgreSQL array literal parameter (the ORM would expand a JS array into a list). */
const pgArray = (values: string[]) => `{${values.join(',')}}`;
