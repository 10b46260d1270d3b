import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Days of the week as ISO 8601 numbers them (1 = Monday), each with the hours worked (`08:00`–`17:00`, UTC). */
export type WorkingHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<{ start: string; end: string }>>>;

/**
 * A technician's field profile: the user (role `technician`) plus what dispatch needs — skills with a
 * level 1–5, the territories they cover, their weekly hours and their home base (where a day starts).
 * The provider's staff, not a customer's row: no organisation, and only staff routes reach it; which
 * customers a technician works for is the user's `servedOrganizationIds`.
 */
export const Technician = defineEntity({
  name: 'Technician',
  tableName: 'technician',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid().unique(),
    skills: p.json<Record<string, number>>(),
    territories: p.array().$type<string[]>(),
    workingHours: p.json<WorkingHours>(),
    homeLatitude: p.double(),
    homeLongitude: p.double(),
    version: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Technician = InferEntity<typeof Technician>;

/** A period a technician cannot be dispatched (leave, training, sickness). */
export const TechnicianAbsence = defineEntity({
  name: 'TechnicianAbsence',
  tableName: 'technician_absence',
  properties: {
    id: p.uuid().primary(),
    technicianId: p.uuid().index(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    reason: p.string().nullable(),
    createdAt: p.datetime(),
  },
});
export type TechnicianAbsence = InferEntity<typeof TechnicianAbsence>;
