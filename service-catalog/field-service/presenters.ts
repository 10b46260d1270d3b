import type { DispatchBoard } from './domain/dispatch-board';
import type { SuggestionRow } from './domain/dispatch-suggestions';
import type { ChecklistTemplate } from './domain/checklist-template.entity';
import type { SiteLocation } from './domain/site-location.entity';
import type { Technician, TechnicianAbsence } from './domain/technician.entity';
import type { PartUsed, WorkOrder } from './domain/work-order.entity';
import type { Part } from './domain/part.entity';

export const presentAbsence = (a: TechnicianAbsence) => ({
  id: a.id,
  startsAt: a.startsAt.toISOString(),
  endsAt: a.endsAt.toISOString(),
  reason: a.reason ?? null,
});

export const presentTechnician = (t: Technician, absences?: TechnicianAbsence[]) => ({
  id: t.id,
  userId: t.userId,
  skills: t.skills,
  territories: t.territories,
  workingHours: t.workingHours,
  homeBase: { latitude: t.homeLatitude, longitude: t.homeLongitude },
  version: t.version,
  createdAt: t.createdAt.toISOString(),
  ...(absences ? { absences: absences.map(presentAbsence) } : {}),
});

export const presentSiteLocation = (l: SiteLocation) => ({
  siteId: l.siteId,
  organizationId: l.organizationId ?? null,
  latitude: l.latitude,
  longitude: l.longitude,
  territory: l.territory ?? null,
  updatedAt: l.updatedAt.toISOString(),
});

export const presentPartUsed = (p: PartUsed) => ({
  partNumber: p.partNumber,
  description: p.description,
  quantity: p.quantity,
  partId: p.partId ?? null,
  name: p.name ?? null,
  unit: p.unit ?? null,
  unitPrice: p.unitPrice ?? null,
  currency: p.currency ?? null,
});

export const presentPart = (p: Part) => ({
  id: p.id,
  organizationId: p.organizationId ?? null,
  sku: p.sku,
  name: p.name,
  unit: p.unit,
  unitPrice: p.unitPrice ?? null,
  currency: p.currency ?? null,
  active: p.active,
  version: p.version,
  updatedAt: p.updatedAt.toISOString(),
});

export const presentWorkOrder = (w: WorkOrder) => ({
  id: w.id,
  number: w.ticketNumber,
  organizationId: w.organizationId ?? null,
  parentTicket: w.parentTicketNumber ?? null,
  siteId: w.siteId,
  assetIds: w.assetIds,
  workType: w.workType,
  requiredSkills: w.requiredSkills,
  priority: w.priority,
  window: { startsAt: w.windowStartsAt.toISOString(), endsAt: w.windowEndsAt.toISOString() },
  technicianId: w.technicianId ?? null,
  dispatchDueAt: w.dispatchDueAt.toISOString(),
  sla: {
    contractId: w.contractId ?? null,
    onSiteDueAt: w.onSiteDueAt?.toISOString() ?? null,
    arrivalDueAt: (w.arrivalDueAt ?? w.windowEndsAt).toISOString(),
  },
  maintenance: w.maintenanceAssetId ? { assetId: w.maintenanceAssetId, dueOn: w.maintenanceDueOn! } : null,
  escalations: { lateDispatchAt: w.lateDispatchAt?.toISOString() ?? null, lateArrivalAt: w.lateArrivalAt?.toISOString() ?? null },
  rejections: w.rejections,
  checkIn: w.checkedInAt ? { at: w.checkedInAt.toISOString(), latitude: w.checkInLatitude!, longitude: w.checkInLongitude! } : null,
  signerName: w.signerName ?? null,
  workNotes: w.workNotes ?? null,
  checkedOutAt: w.checkedOutAt?.toISOString() ?? null,
  checklist: w.checklist,
  parts: w.parts.map(presentPartUsed),
  reportSentTo: w.reportSentTo ?? null,
  status: w.status,
  version: w.version,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

export const presentSuggestion = (r: SuggestionRow) => ({
  technicianId: r.id,
  userId: r.user_id,
  displayName: r.display_name,
  qualified: r.qualified,
  skillsMet: r.skills_met,
  skillsRequired: r.skills_required,
  inTerritory: r.in_territory,
  available: r.available,
  present: r.present,
  working: r.working,
  free: r.free,
  distanceKm: r.distance_km === null ? null : Math.round(Number(r.distance_km) * 10) / 10,
  load: r.load,
});

const presentBoardJob = (w: WorkOrder) => ({
  number: w.ticketNumber,
  status: w.status,
  priority: w.priority,
  workType: w.workType,
  siteId: w.siteId,
  organizationId: w.organizationId ?? null,
  window: { startsAt: w.windowStartsAt.toISOString(), endsAt: w.windowEndsAt.toISOString() },
  day: w.windowStartsAt.toISOString().slice(0, 10),
});

export const presentBoard = (b: DispatchBoard) => ({
  days: b.days,
  technicians: b.technicians.map((row) => ({
    id: row.technician.id,
    displayName: row.displayName,
    territories: row.technician.territories,
    absences: row.absences.map(presentAbsence),
    jobs: row.workOrders.map(presentBoardJob),
  })),
  unassigned: b.unassigned.map(presentBoardJob),
});

export const presentChecklistTemplate = (t: ChecklistTemplate) => ({
  workType: t.workType,
  items: t.items,
  updatedAt: t.updatedAt.toISOString(),
});
