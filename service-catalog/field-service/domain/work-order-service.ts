import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConfigurationItem } from '../../cmdb/domain/configuration-item.entity';
import { NotFound, RuleViolation, TicketNotFound } from '../../errors';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { Site } from '../../identity/domain/site.entity';
import { User } from '../../identity/domain/user.entity';
import type { TicketService } from '../../tickets/domain/ticket-service';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { Technician } from './technician.entity';
import { checklistFor } from './work-order-checklist';
import { workTypeDefaults } from './work-type-defaults';
import { workOrderDeadlines } from './work-order-sla';
import { WorkOrder, type ChecklistItem, type RequiredSkill, type WorkOrderStatus } from './work-order.entity';

/** What a dispatcher sends to open a work order (see schemas.ts for the shape). */
export interface NewWorkOrder {
  title: string;
  description?: string;
  /** The incident or request the visit is for; the work order inherits its customer. */
  parentTicket?: string;
  organizationId?: string;
  siteId: string;
  assetIds?: string[];
  workType: string;
  requiredSkills?: RequiredSkill[];
  priority: string;
  /** The end left out: the start plus the work type's default duration. */
  window: { startsAt: string; endsAt?: string };
  /** When dispatch is late; default the contract's response deadline, else 2 hours before the window (work-order-sla.ts). */
  dispatchBy?: string;
  /** The customer's contract whose SLA applies; default the latest valid one with SLA targets. */
  contractId?: string;
  /** The customer's person who gets the report (and the survey); default the parent ticket's caller. */
  contactId?: string;
}

/** What only the maintenance check sets: the asset and due date a planned work order is for. */
export interface PlannedVisit {
  assetId: string;
  dueOn: string;
  /** The schedule's own checklist, instead of the work type's. */
  checklist?: ChecklistItem[];
}

export interface WorkOrderSearch {
  status?: WorkOrderStatus;
  technicianId?: string;
  organizationId?: string;
  limit: number;
  offset: number;
}

/** Ticket types a field visit may be opened from: something broke (incident) or was asked for (request). */
const PARENT_TYPES = ['incident', 'request'];

/**
 * Work orders: opened as `work_order` tickets (which start the work-order process when one is
 * deployed) together with their field row in one transaction, and read within what the caller may
 * see — the tenant scope for the desk, and for a technician only the jobs assigned to them.
 */
export class WorkOrderService {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketService,
  ) {}

  async create(
    principal: Principal,
    input: NewWorkOrder,
    idempotencyKey?: string,
    planned?: PlannedVisit,
  ): Promise<{ workOrder: WorkOrder; ticket: Ticket }> {
    const parent = input.parentTicket ? await this.parent(input.parentTicket) : null;
    const organizationId = parent?.organizationId ?? input.organizationId ?? null;
    if (parent && input.organizationId && input.organizationId !== parent.organizationId) {
      throw new RuleViolation('ORGANIZATION_NOT_PARENTS', 'a work order is for the customer of the ticket it comes from', [
        { field: 'payload.organizationId', message: `must be the organisation of ${parent.number} or left out` },
      ]);
    }
    await this.assertSiteOf(organizationId, input.siteId);
    await this.assertAssetsOf(organizationId, input.assetIds ?? []);
    const callerId = input.contactId ? await this.contactOf(organizationId, input.contactId) : (parent?.callerId ?? null);
    const defaults = await workTypeDefaults(this.em, input);
    const startsAt = new Date(input.window.startsAt);
    const endsAt = defaults.windowEndsAt;
    if (!(startsAt < endsAt))
      throw new RuleViolation('WINDOW_ENDS_BEFORE_IT_STARTS', 'the time window must end after it starts', [
        { field: 'payload.window.endsAt', message: 'must be after window.startsAt' },
      ]);
    const id = randomUUID();
    const checklist = planned?.checklist?.length
      ? planned.checklist.map((i) => ({ ...i, done: false, note: null }))
      : await checklistFor(this.em, input.workType);
    const now = new Date();
    const deadlines = await workOrderDeadlines(this.em, {
      organizationId,
      ...(input.contractId ? { contractId: input.contractId } : {}),
      // The contract's clock runs from when the customer asked: the incident or request, else now.
      requestedAt: parent?.createdAt ?? now,
      window: { startsAt, endsAt },
      ...(input.dispatchBy ? { dispatchBy: new Date(input.dispatchBy) } : {}),
      planned: !!planned,
      now,
    });
    const { dispatchDueAt, arrivalDueAt } = deadlines;
    const { ticket } = await this.tickets.create(
      principal,
      {
        type: 'work_order',
        title: input.title,
        description: input.description ?? '',
        organizationId,
        priority: input.priority,
        // The customer's contact (named, else the caller of the incident or request the visit is for) is the
        // caller: the report and the satisfaction survey go to them, and they follow the visit in the portal.
        ...(callerId ? { callerId } : {}),
      } as Parameters<TicketService['create']>[1],
      idempotencyKey,
      parent ? { kind: 'related', to: parent } : undefined,
      {
        // The process learns where and when from its start variables; the row is its source of truth.
        variables: {
          workOrderId: id,
          parentTicket: parent?.number ?? null,
          windowStartsAt: startsAt.toISOString(),
          windowEndsAt: endsAt.toISOString(),
          // The late-dispatch and late-arrival timers of work-order.bpmn: the contract's SLA, else the window.
          dispatchDueAt: dispatchDueAt.toISOString(),
          arrivalDueAt: arrivalDueAt.toISOString(),
        },
        writeWith: (em, created) => {
          const now = new Date();
          em.create(WorkOrder, {
            id,
            organizationId,
            ticketId: created.id,
            ticketNumber: created.number,
            parentTicketId: parent?.id ?? null,
            parentTicketNumber: parent?.number ?? null,
            siteId: input.siteId,
            assetIds: input.assetIds ?? [],
            workType: input.workType,
            requiredSkills: defaults.requiredSkills,
            priority: input.priority,
            windowStartsAt: startsAt,
            windowEndsAt: endsAt,
            technicianId: null,
            status: 'created',
            dispatchDueAt,
            contractId: deadlines.contractId,
            onSiteDueAt: deadlines.onSiteDueAt,
            arrivalDueAt,
            maintenanceAssetId: planned?.assetId ?? null,
            maintenanceDueOn: planned?.dueOn ?? null,
            rejections: [],
            checklist,
            parts: [],
            version: 1,
            createdAt: now,
            updatedAt: now,
          });
        },
      },
    );
    return { workOrder: await this.em.findOneOrFail(WorkOrder, { ticketId: ticket.id }, { refresh: true }), ticket };
  }

  async list(principal: Principal, search: WorkOrderSearch): Promise<[WorkOrder[], number]> {
    const where: Record<string, unknown> = {};
    if (search.status) where.status = search.status;
    if (search.organizationId) where.organizationId = search.organizationId;
    if (search.technicianId) where.technicianId = search.technicianId;
    const own = await this.ownTechnicianId(principal);
    if (own !== undefined)
      where.technicianId = search.technicianId && search.technicianId !== own ? '00000000-0000-0000-0000-000000000000' : own;
    return this.em.findAndCount(WorkOrder, where, {
      orderBy: { windowStartsAt: 'asc', id: 'asc' },
      limit: search.limit,
      offset: search.offset,
    });
  }

  async get(principal: Principal, number: string): Promise<WorkOrder> {
    const found = await this.em.findOne(WorkOrder, { ticketNumber: number });
    const own = await this.ownTechnicianId(principal);
    // Another technician's job is as invisible as another customer's: no existence leak.
    if (!found || (own !== undefined && found.technicianId !== own))
      throw new NotFound('WORK_ORDER_NOT_FOUND', `there is no work order ${number}`);
    return found;
  }

  /**
   * For a caller who is only a technician (not also desk staff), the id of their profile (a nil id
   * when they have none, which matches nothing); undefined for everyone else, who see by tenant scope.
   */
  private async ownTechnicianId(principal: Principal): Promise<string | undefined> {
    if (!hasRole(principal, 'technician') || hasRole(principal, 'agent', 'process-owner', 'admin')) return undefined;
    const profile = await this.em.findOne(Technician, { userId: principal.userId });
    return profile?.id ?? '00000000-0000-0000-0000-000000000000';
  }

  private async parent(number: string): Promise<Ticket> {
    const parent = await this.em.findOne(Ticket, { number });
    if (!parent) throw new TicketNotFound(`there is no ticket ${number}`);
    if (!PARENT_TYPES.includes(parent.type)) {
      throw new RuleViolation('PARENT_NOT_INCIDENT_OR_REQUEST', `${number} is a ${parent.type}`, [
        { field: 'payload.parentTicket', message: 'must be an incident or a request' },
      ]);
    }
    return parent;
  }

  private async assertSiteOf(organizationId: string | null, siteId: string): Promise<void> {
    const site = await this.em.findOne(Site, { id: siteId });
    if (!site || site.organizationId !== organizationId) {
      throw new RuleViolation('SITE_NOT_CUSTOMERS', `site ${siteId} is not a site of the work order's customer`, [
        { field: 'payload.siteId', message: "must be a site of the work order's organisation" },
      ]);
    }
  }

  /** A contact is one of the customer's own active people: the report must not go to anyone else. */
  private async contactOf(organizationId: string | null, contactId: string): Promise<string> {
    const user = organizationId ? await this.em.findOne(User, { id: contactId }) : null;
    if (!user || !user.active || user.organizationId !== organizationId)
      throw new RuleViolation('CONTACT_NOT_CUSTOMERS', `${contactId} is not a person of the work order's customer`, [
        { field: 'payload.contactId', message: "must be an active user of the work order's organisation" },
      ]);
    return user.id;
  }

  private async assertAssetsOf(organizationId: string | null, assetIds: string[]): Promise<void> {
    if (!assetIds.length) return;
    const found = await this.em.find(ConfigurationItem, { id: { $in: assetIds } });
    const ok = new Set(found.filter((ci) => ci.organizationId === organizationId).map((ci) => ci.id));
    const wrong = assetIds.map((id, i) => [id, i] as const).filter(([id]) => !ok.has(id));
    if (wrong.length) {
      throw new RuleViolation(
        'ASSET_NOT_CUSTOMERS',
        'assets must be configuration items of the work order’s customer',
        wrong.map(([id, i]) => ({ field: `payload.assetIds.${i}`, message: `${id} is not one of the customer's configuration items` })),
      );
    }
  }
}
