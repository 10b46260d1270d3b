import Joi from 'joi';
import { PRIORITIES } from '../tickets/domain/ticket-types';

const hours = Joi.array()
  .items(Joi.object({ start: Joi.string().required(), end: Joi.string().required() }).label('OpeningHours'))
  .max(6);

export const calendarDefinition = Joi.object({
  timeZone: Joi.string().required().description('IANA time zone, e.g. Europe/Vilnius'),
  weekly: Joi.object()
    .pattern(Joi.string().valid('1', '2', '3', '4', '5', '6', '7'), hours)
    .required()
    .description('opening hours per ISO weekday, 1 = Monday'),
  holidays: Joi.array().items(Joi.string()).max(400).default([]),
}).label('BusinessCalendarDefinition');

export const createCalendarPayload = Joi.object({
  name: Joi.string().trim().min(2).max(120).required(),
  definition: calendarDefinition.required(),
}).label('CreateBusinessCalendar');
export const updateCalendarPayload = Joi.object({
  name: Joi.string().trim().min(2).max(120),
  definition: calendarDefinition.description('replaces the whole definition: time zone, weekly hours and holidays'),
})
  .min(1)
  .label('UpdateBusinessCalendar');
export const idParams = Joi.object({ id: Joi.string().guid().required() });
export const calendar = Joi.object({
  id: Joi.string().required(),
  name: Joi.string().required(),
  definition: Joi.object().required(),
}).label('BusinessCalendar');

const escalationLevels = Joi.array()
  .items(
    Joi.object({
      percent: Joi.number().integer().min(1).max(200).required(),
      notify: Joi.string()
        .trim()
        .min(1)
        .max(200)
        .required()
        .description('assignee, assignee-or-group, group:<key>, role:<role> or an address'),
    }).label('SlaEscalation'),
  )
  .max(3)
  .unique('percent')
  .description('escalation levels: at each share of the resolution target the incident process mails its recipient once');

export const createPolicyPayload = Joi.object({
  name: Joi.string().trim().min(2).max(120).required(),
  priority: Joi.string()
    .valid(...PRIORITIES)
    .allow(null)
    .default(null),
  service: Joi.string().trim().max(120).allow(null).description("the service's id, or its name (kept for older clients); stored as the id"),
  serviceId: Joi.string().guid().allow(null).description('the service the policy is for (GET /services)'),
  organizationId: Joi.string().guid().allow(null).default(null),
  calendarId: Joi.string().guid().required(),
  responseTarget: Joi.string().required().description('business time, e.g. PT4H'),
  resolutionTarget: Joi.string().required().description('business time, e.g. PT20H'),
  warningPercent: Joi.number().integer().min(1).max(99).default(75),
  escalations: escalationLevels.default([]),
}).label('CreateSlaPolicy');

/** Every field of a new policy, none required and none defaulted: what is left out stays as it is. */
export const updatePolicyPayload = Joi.object({
  name: Joi.string().trim().min(2).max(120),
  priority: Joi.string()
    .valid(...PRIORITIES)
    .allow(null),
  service: Joi.string().trim().max(120).allow(null).description("the service's id or name; null: any service"),
  serviceId: Joi.string().guid().allow(null),
  organizationId: Joi.string().guid().allow(null),
  calendarId: Joi.string().guid(),
  responseTarget: Joi.string(),
  resolutionTarget: Joi.string(),
  warningPercent: Joi.number().integer().min(1).max(99),
  escalations: escalationLevels,
})
  .min(1)
  .label('UpdateSlaPolicy');

export const policy = Joi.object({
  id: Joi.string().required(),
  name: Joi.string().required(),
  priority: Joi.string().allow(null).required(),
  serviceId: Joi.string().allow(null).required(),
  service: Joi.string().allow(null).required().description("the service's name"),
  organizationId: Joi.string().allow(null).required(),
  calendarId: Joi.string().required(),
  responseTarget: Joi.string().required(),
  resolutionTarget: Joi.string().required(),
  warningPercent: Joi.number().required(),
  escalations: Joi.array()
    .items(Joi.object({ percent: Joi.number().required(), notify: Joi.string().required() }))
    .required(),
}).label('SlaPolicy');

export const deadlinesPayload = Joi.object({
  priority: Joi.string()
    .valid(...PRIORITIES)
    .allow(null),
  service: Joi.string().max(120).allow(null).description("the service's id or name"),
  serviceId: Joi.string().guid().allow(null),
  organizationId: Joi.string().guid().allow(null),
  openedAt: Joi.date().iso().required(),
}).label('SlaDeadlinesRequest');

export const deadlines = Joi.object({
  policy: policy.required(),
  calendar: Joi.string().required(),
  responseDueAt: Joi.date().iso().required(),
  resolutionDueAt: Joi.date().iso().required(),
  resolutionWarningAt: Joi.date().iso().required(),
  escalations: Joi.array()
    .items(
      Joi.object({
        level: Joi.number().required(),
        percent: Joi.number().required(),
        notify: Joi.string().required(),
        at: Joi.string().required(),
      }),
    )
    .required(),
}).label('SlaDeadlines');
