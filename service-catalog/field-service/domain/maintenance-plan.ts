import { Temporal } from 'temporal-polyfill';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { ciClass } from '../../cmdb/domain/ci-classes';
import { ConfigurationItem, type MaintenanceSchedule } from '../../cmdb/domain/configuration-item.entity';
import { NotFound, RuleViolation } from '../../errors';
import type { Principal } from '../../identity/domain/principal';
import type { TicketService } from '../../tickets/domain/ticket-service';
import { WorkOrderService } from './work-order-service';
import { WorkOrder } from './work-order.entity';

/** Assets whose lifecycle has ended get no more visits. */
const ENDED = ['retired', 'disposed'];
const DEFAULT_LEAD_DAYS = 7;
const RRULE = /^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(?:;INTERVAL=(\d{1,3}))?$/;
const UNIT = { DAILY: 'D', WEEKLY: 'W', MONTHLY: 'M', YEARLY: 'Y' } as const;

/** An RRULE-like interval (`FREQ=MONTHLY;INTERVAL=3`) as the ISO 8601 duration the schedule keeps (`P3M`); undefined if it is not one. */
export function rruleAsDuration(rrule: string): string | undefined {
  const m = RRULE.exec(rrule.toUpperCase());
  if (!m) return undefined;
  const n = Number(m[2] ?? 1);
  return n >= 1 ? `P${n}${UNIT[m[1] as keyof typeof UNIT]}` : undefined;
}

/** The due date after `dueOn`, `every` (ISO 8601 calendar duration) later; the 31st becomes the month's last day. */
export function nextDueOn(dueOn: string, every: string): string {
  return Temporal.PlainDate.from(dueOn).add(Temporal.Duration.from(every), { overflow: 'constrain' }).toString();
}

/** The date on which the schedule's work order opens: `leadDays` before it is due. */
export function opensOn(schedule: MaintenanceSchedule): string {
  return Temporal.PlainDate.from(schedule.nextDueOn)
    .subtract({ days: schedule.leadDays ?? DEFAULT_LEAD_DAYS })
    .toString();
}

/** The visit's window on the due date (local time of the schedule's zone); a due date already past moves to the next day not over. */
export function visitWindow(schedule: MaintenanceSchedule, dueOn: string, now: Date): { startsAt: Date; endsAt: Date } {
  const [hour, minute] = (schedule.windowStart ?? '08:00').split(':').map(Number) as [number, number];
  let date = Temporal.PlainDate.from(dueOn);
  for (;;) {
    const start = date.toZonedDateTime({ timeZone: schedule.timeZone ?? 'UTC', plainTime: Temporal.PlainTime.from({ hour, minute }) });
    const startsAt = new Date(start.epochMilliseconds);
    const endsAt = new Date(start.add({ hours: schedule.windowHours ?? 8 }).epochMilliseconds);
    if (endsAt > now) return { startsAt, endsAt };
    date = date.add({ days: 1 });
  }
}

/**
 * Asset maintenance schedules (issue 18) and the planned work orders they open. The schedule lives on
 * the asset (the CMDB's `maintenanceSchedule`); the check (`maintenance-due-check`, run by the
 * timer-start process workflows/processes/maintenance-plan.bpmn, so once per cluster) opens one work
 * order per asset and due date and then moves the schedule to its next due date.
 */
export class MaintenancePlan {
  constructor(private readonly em: EntityManager) {}

  async asset(id: string): Promise<ConfigurationItem> {
    const ci = await this.em.findOne(ConfigurationItem, { id });
    if (!ci) throw new NotFound('CI_NOT_FOUND', `there is no configuration item ${id}`);
    return ci;
  }

  /** Sets (or with null clears) an asset's schedule: only an asset class, with a site to visit, gets one. */
  async setSchedule(actor: Actor, id: string, schedule: MaintenanceSchedule | null): Promise<ConfigurationItem> {
    const ci = await this.asset(id);
    if (schedule) {
      if (!ciClass(ci.classKey)?.asset)
        throw new RuleViolation('NOT_AN_ASSET', `${ci.name} is a ${ci.classKey}, not an asset a technician visits`, [
          { field: 'params.id', message: 'must be an asset (server, network device, workstation, printer)' },
        ]);
      if (!ci.siteId)
        throw new RuleViolation('ASSET_WITHOUT_SITE', `${ci.name} has no site to visit`, [
          { field: 'params.id', message: 'give the asset its siteId first (PATCH /cmdb/cis/{id})' },
        ]);
      try {
        Temporal.Now.instant().toZonedDateTimeISO(schedule.timeZone ?? 'UTC');
      } catch {
        throw new RuleViolation('UNKNOWN_TIME_ZONE', `unknown time zone "${schedule.timeZone}"`, [
          { field: 'payload.timeZone', message: 'an IANA time zone such as Europe/Vilnius' },
        ]);
      }
    }
    const before = ci.maintenanceSchedule ?? null;
    ci.maintenanceSchedule = schedule;
    ci.version += 1;
    ci.updatedAt = new Date();
    recordAudit(this.em, actor, {
      action: 'ci.maintenance-schedule',
      entity: 'ConfigurationItem',
      entityId: ci.id,
      before: { maintenanceSchedule: before },
      after: { maintenanceSchedule: schedule },
    });
    await this.em.flush();
    return ci;
  }

  /**
   * Opens the planned work order of one asset whose schedule is due by `today` (+ its lead days), then
   * advances the schedule one step. Safe to repeat: the work order is unique per asset and due date
   * (an earlier run that opened it and stopped before advancing is found, not doubled), and the
   * schedule moves only from the due date this run read.
   */
  async openDueVisit(
    principal: Principal,
    tickets: TicketService,
    assetId: string,
    today: string,
    now: Date,
  ): Promise<{ number: string; dueOn: string; nextDueOn: string; opened: boolean } | null> {
    const ci = await this.em.findOne(ConfigurationItem, { id: assetId }, { refresh: true });
    const schedule = ci?.maintenanceSchedule;
    if (!ci || !schedule || !ci.siteId || ENDED.includes(ci.lifecycleState) || opensOn(schedule) > today) return null;
    const dueOn = schedule.nextDueOn;
    let workOrder = await this.em.findOne(WorkOrder, { maintenanceAssetId: ci.id, maintenanceDueOn: dueOn });
    const opened = !workOrder;
    if (!workOrder) {
      try {
        ({ workOrder } = await new WorkOrderService(this.em, tickets).create(
          principal,
          {
            title: `Planned maintenance: ${ci.name}${schedule.task ? ` — ${schedule.task}` : ''}`.slice(0, 200),
            description: `Opened by the maintenance schedule of ${ci.name} (every ${schedule.every}), due ${dueOn}.`,
            ...(ci.organizationId ? { organizationId: ci.organizationId } : {}),
            siteId: ci.siteId,
            assetIds: [ci.id],
            workType: schedule.workType ?? 'maintenance',
            requiredSkills: schedule.requiredSkills ?? [],
            priority: schedule.priority ?? 'P4',
            window: (({ startsAt, endsAt }) => ({ startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }))(
              visitWindow(schedule, dueOn, now),
            ),
          },
          `maintenance:${ci.id}:${dueOn}`,
          { assetId: ci.id, dueOn, ...(schedule.checklist?.length ? { checklist: schedule.checklist } : {}) },
        ));
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException)) throw err;
        this.em.clear();
        workOrder = await this.em.findOneOrFail(WorkOrder, { maintenanceAssetId: assetId, maintenanceDueOn: dueOn });
      }
    }
    const next = nextDueOn(dueOn, schedule.every);
    // Compare and set: only the due date this run opened moves on.
    await this.em.execute(
      `update configuration_item set maintenance_schedule = ?::jsonb, version = version + 1, updated_at = ?
        where id = ? and maintenance_schedule ->> 'nextDueOn' = ?`,
      [JSON.stringify({ ...schedule, nextDueOn: next }), now, ci.id, dueOn],
    );
    return { number: workOrder.ticketNumber, dueOn, nextDueOn: next, opened };
  }
}

/** The assets whose schedule opens a work order by `today`, across every customer (the one cross-tenant read, by name). */
export async function dueAssets(
  everyone: EntityManager,
  today: string,
  limit = 500,
): Promise<Array<{ id: string; organization_id: string | null }>> {
  return everyone.execute(
    `select id, organization_id from configuration_item
      where maintenance_schedule is not null and site_id is not null and lifecycle_state not in ('retired', 'disposed')
        and (maintenance_schedule ->> 'nextDueOn')::date - coalesce((maintenance_schedule ->> 'leadDays')::int, ${DEFAULT_LEAD_DAYS}) <= ?::date
      order by maintenance_schedule ->> 'nextDueOn', id
      limit ?`,
    [today, limit],
  );
}
