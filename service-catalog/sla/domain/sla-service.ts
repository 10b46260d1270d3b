import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { scopeSees, tenantScopeOn } from '../../db/tenant';
import { WrongState, InvalidInput, NotFound, NotPermitted } from '../../errors';
import { addBusinessTime, InvalidCalendar, validateCalendar, type BusinessCalendar } from './business-calendar';
import { BusinessCalendarRecord } from './business-calendar.entity';
import { BUSINESS_DURATION_HINT, parseBusinessDuration } from './business-duration';
import { resolveServiceNaming } from '../../services/domain/service-reference';
import { Service } from '../../services/domain/service.entity';
import { SlaPolicy, type SlaEscalation } from './sla-policy.entity';
import { recipientSpecProblem } from '../../mail/domain/recipients';

export interface SlaCriteria {
  priority?: string | null;
  serviceId?: string | null;
  organizationId?: string | null;
}

export interface SlaDeadlines {
  policy: SlaPolicy;
  calendar: BusinessCalendarRecord;
  responseDueAt: Date;
  resolutionDueAt: Date;
  resolutionWarningAt: Date;
  /** The policy's escalation levels (1, 2, 3 by share) and when each is due. */
  escalations: Array<{ level: number; percent: number; notify: string; at: Date }>;
}

/** Business calendars, SLA policies, and the deadlines a ticket gets from them. */
export class SlaService {
  constructor(private readonly em: EntityManager) {}

  async createCalendar(actor: Actor, input: { name: string; definition: BusinessCalendar }): Promise<BusinessCalendarRecord> {
    checkCalendar(input.definition);
    await this.assertCalendarNameFree(input.name);
    const calendar = this.em.create(BusinessCalendarRecord, {
      id: randomUUID(),
      name: input.name,
      definition: input.definition,
      createdAt: new Date(),
    });
    recordAudit(this.em, actor, {
      action: 'businessCalendar.created',
      entity: 'BusinessCalendar',
      entityId: calendar.id,
      after: { name: calendar.name },
    });
    await this.em.flush();
    return calendar;
  }

  /**
   * Renames a calendar or replaces its hours. Deadlines already computed keep their instants; tickets
   * opened afterwards (and every `/sla/deadlines` call) count in the new hours.
   */
  async updateCalendar(actor: Actor, id: string, input: { name?: string; definition?: BusinessCalendar }): Promise<BusinessCalendarRecord> {
    const calendar = await this.em.findOne(BusinessCalendarRecord, { id });
    if (!calendar) throw new NotFound('CALENDAR_NOT_FOUND', `calendar ${id} does not exist`);
    if (input.definition) checkCalendar(input.definition);
    if (input.name !== undefined && input.name !== calendar.name) await this.assertCalendarNameFree(input.name);
    const before = { name: calendar.name, definition: calendar.definition };
    if (input.name !== undefined) calendar.name = input.name;
    if (input.definition) calendar.definition = input.definition;
    recordAudit(this.em, actor, {
      action: 'businessCalendar.updated',
      entity: 'BusinessCalendar',
      entityId: id,
      before,
      after: { name: calendar.name, definition: calendar.definition },
    });
    await this.em.flush();
    return calendar;
  }

  private async assertCalendarNameFree(name: string): Promise<void> {
    if (await this.em.findOne(BusinessCalendarRecord, { name }))
      throw new WrongState('CALENDAR_EXISTS', `a calendar named "${name}" exists`);
  }

  async createPolicy(
    actor: Actor,
    given: Omit<SlaPolicy, 'id' | 'createdAt' | 'warningPercent' | 'escalations' | 'service' | 'serviceId'> & {
      warningPercent?: number;
      escalations?: SlaEscalation[];
      service?: string | null;
      serviceId?: string | null;
    },
  ): Promise<SlaPolicy> {
    // A policy names its service by id; a name (older clients) is resolved, 422 when unknown.
    const { service, serviceId, ...rest } = given;
    const named = await resolveServiceNaming(this.em, given.organizationId ?? null, { service, serviceId }, 'payload.');
    const input = { ...rest, serviceId: named.serviceId ?? null };
    await this.checkPolicy(input);
    if (await this.em.findOne(SlaPolicy, { name: input.name }))
      throw new WrongState('POLICY_EXISTS', `a policy named "${input.name}" exists`);
    const policy = this.em.create(SlaPolicy, {
      ...input,
      id: randomUUID(),
      warningPercent: input.warningPercent ?? 75,
      escalations: input.escalations ?? [],
      createdAt: new Date(),
    });
    policy.service = named.service ?? null;
    recordAudit(this.em, actor, {
      action: 'slaPolicy.created',
      entity: 'SlaPolicy',
      entityId: policy.id,
      after: auditedPolicy(policy),
    });
    await this.em.flush();
    return policy;
  }

  /**
   * Changes a policy's criteria, calendar, targets or escalation levels. Like a new policy it applies to
   * tickets opened from now on: the deadlines of open tickets were computed when they opened.
   */
  async updatePolicy(actor: Actor, id: string, changes: PolicyChanges): Promise<SlaPolicy> {
    const policy = await this.em.findOne(SlaPolicy, { id });
    if (!policy) throw new NotFound('SLA_POLICY_NOT_FOUND', `SLA policy ${id} does not exist`);
    const before = auditedPolicy(policy);
    const { service, serviceId, ...rest } = changes;
    const naming = service !== undefined || serviceId !== undefined;
    const organizationId = changes.organizationId !== undefined ? changes.organizationId : policy.organizationId;
    const named = naming ? await resolveServiceNaming(this.em, organizationId ?? null, { service, serviceId }, 'payload.') : undefined;
    const merged = {
      name: rest.name ?? policy.name,
      organizationId: organizationId ?? null,
      calendarId: rest.calendarId ?? policy.calendarId,
      responseTarget: rest.responseTarget ?? policy.responseTarget,
      resolutionTarget: rest.resolutionTarget ?? policy.resolutionTarget,
      escalations: rest.escalations ?? policy.escalations ?? [],
    };
    await this.checkPolicy(merged);
    if (merged.name !== policy.name && (await this.em.findOne(SlaPolicy, { name: merged.name })))
      throw new WrongState('POLICY_EXISTS', `a policy named "${merged.name}" exists`);
    Object.assign(policy, merged);
    if (rest.priority !== undefined) policy.priority = rest.priority;
    if (rest.warningPercent !== undefined) policy.warningPercent = rest.warningPercent;
    if (named) {
      policy.serviceId = named.serviceId ?? null;
      policy.service = named.service ?? null;
    }
    recordAudit(this.em, actor, { action: 'slaPolicy.updated', entity: 'SlaPolicy', entityId: id, before, after: auditedPolicy(policy) });
    await this.em.flush();
    return policy;
  }

  /** What a policy must satisfy, new or changed; each refusal names the payload field. */
  private async checkPolicy(input: {
    organizationId?: string | null;
    calendarId: string;
    responseTarget: string;
    resolutionTarget: string;
    escalations?: SlaEscalation[];
  }): Promise<void> {
    const bad = (['responseTarget', 'resolutionTarget'] as const).filter((f) => parseBusinessDuration(input[f]) === undefined);
    if (bad.length)
      throw new InvalidInput(
        'INVALID_DURATION',
        `${bad.join(' and ')} must be ${BUSINESS_DURATION_HINT}`,
        bad.map((f) => ({ field: `payload.${f}`, message: BUSINESS_DURATION_HINT })),
      );
    if (parseBusinessDuration(input.responseTarget)! > parseBusinessDuration(input.resolutionTarget)!) {
      throw new InvalidInput('INVALID_TARGETS', 'the response target cannot be longer than the resolution target', [
        { field: 'payload.responseTarget', message: 'longer than the resolution target' },
      ]);
    }
    if (input.organizationId && !scopeSees(tenantScopeOn(this.em), input.organizationId)) {
      throw new NotPermitted(
        'ORGANIZATION_NOT_SERVED',
        `payload.organizationId: ${input.organizationId} is not an organisation you serve; an SLA policy may only name one you do`,
      );
    }
    const badRecipients = (input.escalations ?? []).flatMap((e, i) => {
      const problem = recipientSpecProblem(e.notify);
      return problem ? [{ field: `payload.escalations[${i}].notify`, message: `"${e.notify}" ${problem}` }] : [];
    });
    if (badRecipients.length) throw new InvalidInput('INVALID_RECIPIENT', badRecipients.map((b) => b.message).join('; '), badRecipients);
    if (!(await this.em.findOne(BusinessCalendarRecord, { id: input.calendarId }))) {
      throw new InvalidInput('UNKNOWN_CALENDAR', `calendar ${input.calendarId} does not exist`, [
        { field: 'payload.calendarId', message: 'no such calendar' },
      ]);
    }
  }

  listCalendars() {
    return this.em.find(BusinessCalendarRecord, {}, { orderBy: { name: 'asc' } });
  }

  listPolicies() {
    return this.em.find(SlaPolicy, {}, { orderBy: { name: 'asc' } });
  }

  /**
   * The most specific policy whose criteria all match; an empty criterion matches anything. When the
   * ticket names a service and no matching policy names that service, the service's own SLA policy
   * (`service.slaPolicyId`, its agreed service level) comes before the policies for any service: a
   * policy written for the service still overrides it, a catch-all by priority or customer does not.
   */
  async match(criteria: SlaCriteria): Promise<SlaPolicy> {
    const policies = await this.em.find(SlaPolicy, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const fits = (want: string | null | undefined, have: string | null | undefined) => want === null || want === undefined || want === have;
    const specificity = (p: SlaPolicy) => (p.organizationId ? 4 : 0) + (p.serviceId ? 2 : 0) + (p.priority ? 1 : 0);
    const candidates = policies.filter(
      (p) =>
        fits(p.priority, criteria.priority) && fits(p.serviceId, criteria.serviceId) && fits(p.organizationId, criteria.organizationId),
    );
    if (criteria.serviceId && !candidates.some((p) => p.serviceId === criteria.serviceId)) {
      const designated = await this.servicePolicy(criteria.serviceId, policies);
      if (designated) return designated;
    }
    const best = candidates.sort((a, b) => specificity(b) - specificity(a))[0];
    if (!best)
      throw new NotFound(
        'NO_SLA_POLICY',
        `no SLA policy matches priority ${criteria.priority ?? '-'}, service ${criteria.serviceId ?? '-'}`,
      );
    return best;
  }

  /** The SLA policy the service names, among those the caller sees (`policies`); undefined when none. */
  private async servicePolicy(serviceId: string, policies: SlaPolicy[]): Promise<SlaPolicy | undefined> {
    const service = await this.em.findOne(Service, { id: serviceId });
    return service?.slaPolicyId ? policies.find((p) => p.id === service.slaPolicyId) : undefined;
  }

  /** Deadlines for a ticket opened at `openedAt`, in business time of the matching policy's calendar. */
  async deadlines(criteria: SlaCriteria, openedAt: Date): Promise<SlaDeadlines> {
    const policy = await this.match(criteria);
    const calendar = await this.em.findOneOrFail(BusinessCalendarRecord, { id: policy.calendarId });
    const start = openedAt.getTime();
    const resolution = parseBusinessDuration(policy.resolutionTarget)!;
    return {
      policy,
      calendar,
      responseDueAt: new Date(addBusinessTime(calendar.definition, start, parseBusinessDuration(policy.responseTarget)!)),
      resolutionDueAt: new Date(addBusinessTime(calendar.definition, start, resolution)),
      resolutionWarningAt: new Date(addBusinessTime(calendar.definition, start, Math.round((resolution * policy.warningPercent) / 100))),
      escalations: [...(policy.escalations ?? [])]
        .sort((a, b) => a.percent - b.percent)
        .map((e, i) => ({
          level: i + 1,
          percent: e.percent,
          notify: e.notify,
          at: new Date(addBusinessTime(calendar.definition, start, Math.round((resolution * e.percent) / 100))),
        })),
    };
  }
}

export type PolicyChanges = Partial<
  Pick<SlaPolicy, 'name' | 'priority' | 'calendarId' | 'responseTarget' | 'resolutionTarget' | 'warningPercent' | 'escalations'>
> & { organizationId?: string | null; service?: string | null; serviceId?: string | null };

const auditedPolicy = (policy: SlaPolicy) => ({
  name: policy.name,
  priority: policy.priority,
  serviceId: policy.serviceId ?? null,
  organizationId: policy.organizationId ?? null,
  calendarId: policy.calendarId,
  responseTarget: policy.responseTarget,
  resolutionTarget: policy.resolutionTarget,
  warningPercent: policy.warningPercent,
  escalations: policy.escalations,
});

function checkCalendar(definition: BusinessCalendar): void {
  try {
    validateCalendar(definition);
  } catch (err) {
    if (err instanceof InvalidCalendar)
      throw new InvalidInput('INVALID_CALENDAR', err.message, [
        { field: err.field ? `payload.definition.${err.field}` : 'payload.definition', message: err.message },
      ]);
    throw err;
  }
}
