import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { NotPermitted, RuleViolation, WrongState } from '../../errors';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { ChecklistTemplate } from './checklist-template.entity';
import { Technician } from './technician.entity';
import { PartCatalogue, type PartLine } from './part-catalogue';
import type { ChecklistEntry, ChecklistItem, WorkOrder } from './work-order.entity';
import type { WorkOrderService } from './work-order-service';

/** The required checklist items still open: what blocks completion. */
export const openRequiredItems = (checklist: ChecklistEntry[]) => checklist.filter((i) => i.required && !i.done);

/**
 * What happens on site besides the process's steps: checklist templates per work type, the
 * technician ticking the job's checklist and recording the parts used, while on site.
 */
export class WorkOrderOnSite {
  constructor(
    private readonly em: EntityManager,
    private readonly workOrders: WorkOrderService,
  ) {}

  listTemplates(): Promise<ChecklistTemplate[]> {
    return this.em.find(ChecklistTemplate, {}, { orderBy: { workType: 'asc' } });
  }

  async setTemplate(principal: Principal, workType: string, items: ChecklistItem[]): Promise<ChecklistTemplate> {
    const existing = await this.em.findOne(ChecklistTemplate, { workType });
    const template = existing
      ? Object.assign(existing, { items, updatedAt: new Date() })
      : this.em.create(ChecklistTemplate, { workType, items, updatedAt: new Date() });
    recordAudit(this.em, actorOf(principal), {
      action: 'checklist-template.set',
      entity: 'ChecklistTemplate',
      entityId: workType,
      after: { items },
    });
    await this.em.flush();
    return template;
  }

  async tick(principal: Principal, number: string, ticks: Array<{ key: string; done: boolean; note?: string | null }>): Promise<WorkOrder> {
    const workOrder = await this.onSite(principal, number);
    const unknown = ticks.map((t, i) => [t, i] as const).filter(([t]) => !workOrder.checklist.some((c) => c.key === t.key));
    if (unknown.length)
      throw new RuleViolation(
        'CHECKLIST_ITEM_UNKNOWN',
        `${number}'s checklist has no such item`,
        unknown.map(([t, i]) => ({ field: `payload.items.${i}.key`, message: `no item "${t.key}"` })),
      );
    workOrder.checklist = workOrder.checklist.map((c) => {
      const tick = ticks.find((t) => t.key === c.key);
      return tick ? { ...c, done: tick.done, note: tick.note ?? c.note } : c;
    });
    return this.save(principal, workOrder, 'work-order.checklist', { checklist: workOrder.checklist });
  }

  /** Replaces the parts used: each a catalogue part of the provider or the customer (part-catalogue.ts), with a note. */
  async recordParts(principal: Principal, number: string, lines: PartLine[]): Promise<WorkOrder> {
    const workOrder = await this.onSite(principal, number);
    const parts = await new PartCatalogue(this.em).resolve(workOrder.organizationId ?? null, lines);
    workOrder.parts = parts;
    return this.save(principal, workOrder, 'work-order.parts', { parts });
  }

  /** Only the assigned technician, and only between check-in and check-out. */
  private async onSite(principal: Principal, number: string): Promise<WorkOrder> {
    const workOrder = await this.workOrders.get(principal, number);
    const own = await this.em.findOne(Technician, { userId: principal.userId });
    if (!own || own.id !== workOrder.technicianId)
      throw new NotPermitted('NOT_THE_ASSIGNED_TECHNICIAN', `only the technician ${number} is assigned to records its work`);
    // Between the technician's check-in and check-out (what they did, not the status the process writes a moment later).
    if (!workOrder.checkedInAt || workOrder.checkedOutAt)
      throw new WrongState(
        'WORK_ORDER_NOT_ON_SITE',
        `${number} is not between check-in and check-out: the checklist and parts are recorded on site`,
      );
    return workOrder;
  }

  private async save(principal: Principal, workOrder: WorkOrder, action: string, after: object): Promise<WorkOrder> {
    workOrder.version += 1;
    workOrder.updatedAt = new Date();
    recordAudit(this.em, actorOf(principal), { action, entity: 'WorkOrder', entityId: workOrder.id, after });
    await this.em.flush();
    return workOrder;
  }
}
