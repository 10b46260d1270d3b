import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from '../../db/tenant';

/** Where a work order is in its life cycle; the work-order process writes it (never the API directly). */
export const WORK_ORDER_STATUSES = [
  'created',
  'scheduled',
  'dispatched',
  'accepted',
  'travelling',
  'on_site',
  'signed_off',
  'completed',
  'report_sent',
  'closed',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** A skill the job needs, and the least level (1–5) a technician must have in it. */
export interface RequiredSkill {
  skill: string;
  level: number;
}

export interface ChecklistItem {
  key: string;
  label: string;
  required: boolean;
}
export interface ChecklistEntry extends ChecklistItem {
  done: boolean;
  note: string | null;
}
/**
 * A catalogue part used on the job: the SKU (`partNumber`) names the part; name, unit and price are
 * copied from the catalogue when recorded, so the report shows what was true then. `description` is
 * the technician's free-text note. Rows recorded before the catalogue carry only the first three.
 */
export interface PartUsed {
  partNumber: string;
  description: string;
  quantity: number;
  partId?: string;
  name?: string;
  unit?: string;
  unitPrice?: string | null;
  currency?: string | null;
}

export interface WorkOrderRejection {
  technicianId: string;
  reason: string;
  at: string;
}

/**
 * The field side of a `work_order` ticket: the customer's site and assets, the kind of work and the
 * skills it needs, its priority and the time window agreed with the customer, the incident or request
 * it came from, and the technician it is assigned to. The ticket carries number, process and audit.
 */
export const WorkOrder = defineEntity({
  name: 'WorkOrder',
  tableName: 'work_order',
  properties: {
    id: p.uuid().primary(),
    ...tenantOwned.properties,
    ticketId: p.uuid().unique(),
    ticketNumber: p.string().unique(),
    parentTicketId: p.uuid().nullable(),
    parentTicketNumber: p.string().nullable(),
    siteId: p.uuid(),
    assetIds: p.array().$type<string[]>().columnType('uuid[]'),
    workType: p.string(),
    requiredSkills: p.json<RequiredSkill[]>(),
    priority: p.string(),
    windowStartsAt: p.datetime(),
    windowEndsAt: p.datetime(),
    technicianId: p.uuid().nullable(),
    status: p.string().$type<WorkOrderStatus>(),
    /** When a technician must have been dispatched; the process escalates after it (late dispatch). */
    dispatchDueAt: p.datetime(),
    lateDispatchAt: p.datetime().nullable(),
    /** The customer's contract whose SLA gave the deadlines; null when none applied. */
    contractId: p.uuid().nullable(),
    /** The contract's on-site deadline, on its business calendar. */
    onSiteDueAt: p.datetime().nullable(),
    /** When arriving is late (the late-arrival timer): the on-site deadline, else the window's end. */
    arrivalDueAt: p.datetime().nullable(),
    /** A planned work order: the asset whose maintenance schedule opened it, and the due date it is for. */
    maintenanceAssetId: p.uuid().nullable(),
    maintenanceDueOn: p.string().nullable(),
    lateArrivalAt: p.datetime().nullable(),
    /** Each technician who turned the job down, why and when: dispatch does not offer it to them again. */
    rejections: p.json<WorkOrderRejection[]>(),
    checkedInAt: p.datetime().nullable(),
    checkInLatitude: p.double().nullable(),
    checkInLongitude: p.double().nullable(),
    signerName: p.string().nullable(),
    workNotes: p.text().nullable(),
    checkedOutAt: p.datetime().nullable(),
    /** The work type's checklist as it was when the work order was opened, with what the technician ticked. */
    checklist: p.json<ChecklistEntry[]>(),
    parts: p.json<PartUsed[]>(),
    /** The customer's signature (PNG from a signature pad), checked and re-encoded. */
    signaturePng: p.blob().nullable().lazy(),
    /** The completion report (PDF) mailed to the customer contact. */
    reportPdf: p.blob().nullable().lazy(),
    reportSentTo: p.string().nullable(),
    version: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  filters: tenantOwned.filters,
});
export type WorkOrder = InferEntity<typeof WorkOrder>;
