import Joi from 'joi';
import { ticketNumber } from '../tickets/schemas';
import { CI_CONFLICT_DEPTH, MAX_CI_CONFLICT_DEPTH } from './domain/change-ci-conflicts';

// Bounded to what PostgreSQL's timestamptz holds: a year such as +161903 would reach the query and fail there (a 500).
const instant = Joi.date().iso().min('1970-01-01T00:00:00Z').max('9999-12-31T23:59:59Z');
const serviceName = Joi.string().trim().min(1).max(120);

const ciRef = Joi.object({ id: Joi.string().required(), key: Joi.string().required(), name: Joi.string().required() }).label('CiRef');

export const conflicts = Joi.object({
  overlapping: Joi.array()
    .items(
      Joi.object({
        number: Joi.string().required(),
        title: Joi.string().required(),
        state: Joi.string().required(),
        plannedStartAt: instant.required(),
        plannedEndAt: instant.required(),
        services: Joi.array().items(Joi.string()).required(),
      }).label('OverlappingChange'),
    )
    .required()
    .description('other changes on one of the same services whose windows overlap'),
  byCi: Joi.array()
    .items(
      Joi.object({
        number: Joi.string().required(),
        title: Joi.string().required(),
        state: Joi.string().required(),
        plannedStartAt: instant.required(),
        plannedEndAt: instant.required(),
        ci: ciRef.required().description('the other change’s CI'),
        via: ciRef.required().description('this change’s CI it collides through'),
        relation: Joi.string().valid('same', 'upstream', 'downstream').required().description('where ci lies from via in the CMDB'),
        depth: Joi.number().integer().min(0).required().description('relations between them; 0: the same CI'),
      }).label('CiConflict'),
    )
    .required()
    .description('other changes on the same CI, or on a CI that depends on one of its CIs or that one depends on, whose windows overlap'),
  blackouts: Joi.array()
    .items(
      Joi.object({
        id: Joi.string().required(),
        name: Joi.string().required(),
        startsAt: instant.required(),
        endsAt: instant.required(),
        services: Joi.array().items(Joi.string()).required(),
      }).label('BlackoutHit'),
    )
    .required()
    .description('blackout windows the change falls into'),
}).label('ChangeConflicts');

export const changeConflicts = Joi.object({
  number: Joi.string().required(),
  conflicting: Joi.boolean().required(),
  conflicts: conflicts.required(),
}).label('ChangeConflictReport');

export const calendarQuery = Joi.object({
  from: instant.required(),
  to: instant.greater(Joi.ref('from')).required(),
  service: serviceName,
  ci: Joi.string().guid().description('only changes linked to this configuration item'),
  state: Joi.string().pattern(/^[a-z_]{1,40}$/, 'state'),
});

export const calendar = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        number: Joi.string().required(),
        title: Joi.string().required(),
        state: Joi.string().required(),
        changeType: Joi.string().allow(null).required(),
        risk: Joi.string().allow(null).required(),
        services: Joi.array().items(Joi.string()).required(),
        plannedStartAt: instant.required(),
        plannedEndAt: instant.required(),
      }).label('CalendarChange'),
    )
    .required(),
}).label('ChangeCalendar');

export const changeParams = Joi.object({ number: ticketNumber.required() });
export const conflictsQuery = Joi.object({
  ciDepth: Joi.number()
    .integer()
    .min(0)
    .max(MAX_CI_CONFLICT_DEPTH)
    .default(CI_CONFLICT_DEPTH)
    .description('how many CMDB relations away another change’s CI still collides; 0: the same CI only'),
});
export const blackoutParams = Joi.object({ id: Joi.string().guid().required() });

export const blackoutPayload = Joi.object({
  name: Joi.string().trim().min(1).max(200).required(),
  startsAt: instant.required(),
  endsAt: instant.greater(Joi.ref('startsAt')).required(),
  services: Joi.array().items(serviceName).max(50).unique().default([]).description('none: every service'),
  organizationId: Joi.string().guid().allow(null).description('staff: the customer it applies to; none: internal'),
}).label('NewBlackoutWindow');

export const blackoutsQuery = Joi.object({ from: instant, to: instant });

export const blackout = Joi.object({
  id: Joi.string().required(),
  name: Joi.string().required(),
  startsAt: instant.required(),
  endsAt: instant.required(),
  services: Joi.array().items(Joi.string()).required(),
  organizationId: Joi.string().allow(null).required(),
  createdBy: Joi.string().required(),
  createdAt: instant.required(),
}).label('BlackoutWindow');

export const blackoutList = Joi.object({ items: Joi.array().items(blackout).required() }).label('BlackoutWindowList');
