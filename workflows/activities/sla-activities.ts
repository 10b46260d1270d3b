import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceTaskInput } from '../client';
import { systemActor } from '../../service-catalog/audit/audit-log';
import type { Orm } from '../../service-catalog/db/orm';
import { inScopeTransaction, namedTicket, processScope, processTicket } from './process-scope';
import { NotFound } from '../../service-catalog/errors';
import {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
  type BusinessCalendar,
} from '../../service-catalog/sla/domain/business-calendar';
import { BusinessCalendarRecord } from '../../service-catalog/sla/domain/business-calendar.entity';
import { MAX_ESCALATION_LEVELS, SlaPolicy } from '../../service-catalog/sla/domain/sla-policy.entity';
import { SlaService, type SlaDeadlines } from '../../service-catalog/sla/domain/sla-service';
import { resolveServiceNaming } from '../../service-catalog/services/domain/service-reference';
import type { Ticket } from '../../service-catalog/tickets/domain/ticket.entity';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';

/**
 * The incident diagram's escalation timers read `escalation1At`…`escalation3At` and mail
 * `escalation<N>To`; a level the policy does not have is due with the resolution and mails nobody.
 */
function escalationVariables(d: SlaDeadlines): Record<string, string | number | null> {
  const vars: Record<string, string | number | null> = {};
  for (let level = 1; level <= MAX_ESCALATION_LEVELS; level++) {
    const e = d.escalations.find((x) => x.level === level);
    vars[`escalation${level}At`] = (e?.at ?? d.resolutionDueAt).toISOString();
    vars[`escalation${level}To`] = e?.notify ?? null;
    vars[`escalation${level}Percent`] = e?.percent ?? null;
  }
  return vars;
}

/**
 * On resume, the escalation instants move like the deadlines (by the business time the clock stood
 * still), so the timers armed again from them keep their share of the resolution time.
 */
async function movedEscalations(em: EntityManager, ticket: Ticket, input: ServiceTaskInput) {
  // The escalation instants already moved by the pauses counted in `escalationPausedMs`; a retried
  // resume finds the same total on the ticket and moves them by the same amount again from the same variables.
  const total = Number(ticket.slaPausedMs ?? 0);
  const stood = total - Number(input.variables.escalationPausedMs ?? 0);
  const moved: Record<string, string | number> = { escalationPausedMs: total };
  const calendar = await calendarOf(em, ticket);
  if (!calendar || stood <= 0) return moved;
  for (let level = 1; level <= MAX_ESCALATION_LEVELS; level++) {
    const at = input.variables[`escalation${level}At`];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)))
      moved[`escalation${level}At`] = new Date(addBusinessTime(calendar, Date.parse(at), stood)).toISOString();
  }
  return moved;
}

/** Without an SLA policy on the ticket, "business days" are plain days. */
const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: 'UTC',
  weekly: {
    1: [{ start: '00:00', end: '24:00' }],
    2: [{ start: '00:00', end: '24:00' }],
    3: [{ start: '00:00', end: '24:00' }],
    4: [{ start: '00:00', end: '24:00' }],
    5: [{ start: '00:00', end: '24:00' }],
    6: [{ start: '00:00', end: '24:00' }],
    7: [{ start: '00:00', end: '24:00' }],
  },
};
const DEADLINES = ['responseDueAt', 'resolutionWarningAt', 'resolutionDueAt'] as const;

/**
 * SLA tasks: `sla-deadlines` starts the clock, `sla-clock` pauses and resumes it (awaiting caller,
 * resolved → reopened), `business-deadline` computes "N business days from now" for auto-close and
 * reminders, on the calendar of the ticket's policy.
 */
export const createSlaActivities = ({ orm, tickets }: { orm: Orm; tickets: TicketServices }) => ({
  /**
   * The matching SLA policy's response, warning and resolution instants for the ticket the process
   * runs for (variables `priority`, `service`, `openedAt`; the organisation is the instance's), as ISO
   * text a FEEL timer can use (`=date and time(resolutionDueAt)`).
   */
  async 'sla-deadlines'(input: ServiceTaskInput) {
    const v = input.variables;
    // Its reads (ticket, policies, calendar) share one transaction instead of one each.
    return inScopeTransaction(await processScope(orm, input), async (scope) => {
      const openedAt = typeof v.openedAt === 'string' ? new Date(v.openedAt) : await databaseNow(scope.em);
      if (Number.isNaN(openedAt.getTime()))
        throw ApplicationFailure.nonRetryable(`openedAt "${String(v.openedAt)}" is not a date`, 'INVALID_VARIABLE');
      const text = (x: unknown) => (typeof x === 'string' && x ? x : null);
      // Only the instance's own ticket, if it names one; the policy is its organisation's, whatever a variable says.
      await namedTicket(scope, input);
      try {
        const d = await new SlaService(scope.em).deadlines(
          {
            priority: text(v.priority),
            serviceId: await serviceIdOf(scope.em, v, scope.organizationId),
            organizationId: scope.organizationId,
          },
          openedAt,
        );
        return {
          slaPolicy: d.policy.name,
          responseDueAt: d.responseDueAt.toISOString(),
          resolutionWarningAt: d.resolutionWarningAt.toISOString(),
          resolutionDueAt: d.resolutionDueAt.toISOString(),
          ...escalationVariables(d),
        };
      } catch (err) {
        // No policy is a configuration problem: an incident the process owner fixes, not something to retry.
        if (err instanceof NotFound) throw ApplicationFailure.nonRetryable(err.message, err.code);
        throw err;
      }
    });
  },

  /**
   * Header `action=pause` stops the ticket's clock (a second pause keeps the first moment);
   * `action=resume` moves every deadline on by the business time it stood still and answers the new
   * deadlines, so boundary timers armed again from these variables fire at the right time.
   */
  async 'sla-clock'(input: ServiceTaskInput) {
    const action = input.headers.action;
    if (action !== 'pause' && action !== 'resume')
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: header action must be pause or resume, not "${action ?? ''}"`,
        'INVALID_HEADER',
      );
    // Reads and the write in one transaction, instead of one each.
    return inScopeTransaction(await processScope(orm, input), async (scope) => {
      const { em } = scope;
      const ticket = await processTicket(scope, input);
      const now = await databaseNow(em);
      const actor = systemActor(`process ${input.processId}`);
      if (action === 'pause') {
        if (!ticket.slaPausedAt)
          await tickets
            .tickets(em)
            .writeAsProcess(ticket, { slaPausedAt: now }, { actor, action: 'ticket.sla.paused', after: { slaPausedAt: now } });
        return {};
      }
      if (ticket.slaPausedAt) {
        const calendar = await calendarOf(em, ticket);
        const stood = calendar ? businessTimeBetween(calendar, ticket.slaPausedAt.getTime(), now.getTime()) : 0;
        const moved = Object.fromEntries(
          DEADLINES.map((f) => [
            f,
            ticket[f] && calendar ? new Date(addBusinessTime(calendar, ticket[f]!.getTime(), stood)) : (ticket[f] ?? null),
          ]),
        );
        await tickets
          .tickets(em)
          .writeAsProcess(
            ticket,
            { ...moved, slaPausedAt: null, slaPausedMs: Number(ticket.slaPausedMs ?? 0) + stood },
            { actor, action: 'ticket.sla.resumed', after: { pausedBusinessMs: stood, ...moved } },
          );
      }
      return {
        ...Object.fromEntries(DEADLINES.map((f) => [f, ticket[f]?.toISOString() ?? null])),
        ...(await movedEscalations(em, ticket, input)),
      };
    });
  },

  /** Header `businessDays=N`: `deadline`, the close of business N business days from now on the ticket's calendar. */
  async 'business-deadline'(input: ServiceTaskInput) {
    const days = Number(input.headers.businessDays);
    if (!Number.isInteger(days) || days < 1)
      throw ApplicationFailure.nonRetryable(
        `service task ${input.elementId}: header businessDays must be a whole number ≥ 1`,
        'INVALID_HEADER',
      );
    // Its reads (ticket, clock, policy, calendar) share one transaction instead of one each.
    return inScopeTransaction(await processScope(orm, input), async (scope) => {
      const { em } = scope;
      const ticket = await processTicket(scope, input);
      const from = (await databaseNow(em)).getTime();
      return { deadline: new Date(addBusinessDays((await calendarOf(em, ticket)) ?? ALWAYS_OPEN, from, days)).toISOString() };
    });
  },
});

/**
 * Now, by the database's clock: one clock for every worker and API process. A worker's own clock may be
 * minutes off (and a local activity's schedule time is read from it too); a pause stamped by one worker
 * and a resume by another would then move the deadlines by the difference of their clocks.
 */
async function databaseNow(em: EntityManager): Promise<Date> {
  const [row] = (await em.execute('select clock_timestamp() as now')) as Array<{ now: Date | string }>;
  return new Date(row!.now);
}

async function calendarOf(em: EntityManager, ticket: Ticket): Promise<BusinessCalendar | undefined> {
  if (!ticket.slaPolicy) return undefined;
  const policy = await em.findOne(SlaPolicy, { name: ticket.slaPolicy });
  const record = policy ? await em.findOne(BusinessCalendarRecord, { id: policy.calendarId }) : null;
  return record?.definition;
}

/**
 * The service the SLA policy is chosen by: the `serviceId` variable, or, for an instance started
 * before services had ids, the service its `service` variable names (no such service: none).
 */
async function serviceIdOf(em: EntityManager, v: Record<string, unknown>, organizationId: string | null): Promise<string | null> {
  if (typeof v.serviceId === 'string' && v.serviceId) return v.serviceId;
  if (typeof v.service !== 'string' || !v.service) return null;
  return (await resolveServiceNaming(em, organizationId, { service: v.service }, '', true)).serviceId ?? null;
}
