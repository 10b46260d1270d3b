import type { EntityManager } from '@mikro-orm/postgresql';
import { RuleViolation } from '../../errors';
import { Contract } from '../../identity/domain/contract.entity';
import { addBusinessTime, type BusinessCalendar } from '../../sla/domain/business-calendar';
import { BusinessCalendarRecord } from '../../sla/domain/business-calendar.entity';
import { parseBusinessDuration } from '../../sla/domain/business-duration';

/** A technician is dispatched this long before the window opens, so they can plan the route. */
export const DISPATCH_LEAD_MS = 2 * 60 * 60_000;
/** Nobody dispatches in no time: a work order opened close to its window gets this long. */
export const LEAST_DISPATCH_TIME_MS = 15 * 60_000;

/**
 * When dispatch is late without a contract: {@link DISPATCH_LEAD_MS} before the window, never sooner
 * than {@link LEAST_DISPATCH_TIME_MS} from now.
 */
export function dispatchDeadline(windowStartsAt: Date, now: Date): Date {
  return new Date(Math.max(windowStartsAt.getTime() - DISPATCH_LEAD_MS, now.getTime() + LEAST_DISPATCH_TIME_MS));
}

/** The SLA part of a contract: targets in business time on one calendar. */
export interface ContractSla {
  responseTarget: string | null;
  onSiteTarget: string | null;
}

/**
 * A contract's deadlines for a request made at `requestedAt`: the response (a technician dispatched)
 * and on-site targets added in business time of the contract's calendar, the same arithmetic as the
 * incident SLA clocks (sla/domain/business-calendar.ts). Pure.
 */
export function contractDeadlines(
  calendar: BusinessCalendar,
  sla: ContractSla,
  requestedAt: Date,
): { responseDueAt: Date | null; onSiteDueAt: Date | null } {
  const due = (target: string | null) => {
    const ms = target ? parseBusinessDuration(target) : undefined;
    return ms === undefined ? null : new Date(addBusinessTime(calendar, requestedAt.getTime(), ms));
  };
  return { responseDueAt: due(sla.responseTarget), onSiteDueAt: due(sla.onSiteTarget) };
}

export interface WorkOrderDeadlines {
  contractId: string | null;
  /** The late-dispatch timer: an explicit `dispatchBy`, else the contract's response deadline, else {@link dispatchDeadline}. */
  dispatchDueAt: Date;
  onSiteDueAt: Date | null;
  /** The late-arrival timer: the contract's on-site deadline, else the end of the agreed window. */
  arrivalDueAt: Date;
}

const today = (now: Date) => now.toISOString().slice(0, 10);
const validOn = (c: Contract, date: string) => c.validFrom <= date && (!c.validTo || c.validTo >= date);
const hasSla = (c: Contract) => !!c.calendarId && !!(c.responseTarget || c.onSiteTarget || c.responseHours);

/**
 * The deadlines a new work order runs on. The customer's contract (the one named, else the latest
 * valid one that has SLA targets) counts its targets from when the customer asked — the incident or
 * request the visit is for, else now — on the contract's business calendar. A named contract that is
 * not the customer's, not valid today or without SLA targets is refused naming `payload.contractId`.
 */
export async function workOrderDeadlines(
  em: EntityManager,
  input: {
    organizationId: string | null;
    contractId?: string;
    requestedAt: Date;
    window: { startsAt: Date; endsAt: Date };
    dispatchBy?: Date;
    /** Planned (maintenance) visits are not reactive: no contract response clock. */
    planned?: boolean;
    now: Date;
  },
): Promise<WorkOrderDeadlines> {
  const contract = input.planned ? null : await applicableContract(em, input.organizationId, input.contractId, input.now);
  let responseDueAt: Date | null = null;
  let onSiteDueAt: Date | null = null;
  if (contract) {
    const calendar = await em.findOneOrFail(BusinessCalendarRecord, { id: contract.calendarId! });
    ({ responseDueAt, onSiteDueAt } = contractDeadlines(
      calendar.definition,
      // A contract that states only its older "response hours" gets them as its response target.
      {
        responseTarget: contract.responseTarget ?? (contract.responseHours ? `PT${contract.responseHours}H` : null),
        onSiteTarget: contract.onSiteTarget ?? null,
      },
      input.requestedAt,
    ));
  }
  return {
    contractId: contract?.id ?? null,
    dispatchDueAt: input.dispatchBy ?? responseDueAt ?? dispatchDeadline(input.window.startsAt, input.now),
    onSiteDueAt,
    arrivalDueAt: onSiteDueAt ?? input.window.endsAt,
  };
}

async function applicableContract(
  em: EntityManager,
  organizationId: string | null,
  contractId: string | undefined,
  now: Date,
): Promise<Contract | null> {
  if (!organizationId) {
    if (contractId)
      throw new RuleViolation('CONTRACT_NOT_CUSTOMERS', 'an internal work order has no customer contract', [
        { field: 'payload.contractId', message: 'leave it out for an internal work order' },
      ]);
    return null;
  }
  if (contractId) {
    const named = await em.findOne(Contract, { id: contractId });
    if (!named || named.organizationId !== organizationId || !validOn(named, today(now)) || !hasSla(named))
      throw new RuleViolation(
        'CONTRACT_NOT_APPLICABLE',
        `contract ${contractId} is not a valid SLA contract of the work order's customer`,
        [
          {
            field: 'payload.contractId',
            message: "must be a contract of the work order's customer, valid today, with a calendar and SLA targets",
          },
        ],
      );
    return named;
  }
  const contracts = await em.find(Contract, { organizationId }, { orderBy: { validFrom: 'desc', createdAt: 'desc' } });
  return contracts.find((c) => validOn(c, today(now)) && hasSla(c)) ?? null;
}
