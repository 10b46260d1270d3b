import Joi from 'joi';
import { ticketNumber } from '../tickets/schemas';
import { absence, at, id, key } from './schemas';

/** Dispatch: the ranked technicians for one work order, and the board of work orders × technicians × days. */
export const suggestionsQuery = Joi.object({ limit: Joi.number().integer().min(1).max(100).default(10) });
export const suggestionList = Joi.object({
  workOrder: ticketNumber.required(),
  items: Joi.array()
    .items(
      Joi.object({
        technicianId: id.required(),
        userId: id.required(),
        displayName: Joi.string().allow('').required(),
        qualified: Joi.boolean().required().description('meets every required skill at its level'),
        skillsMet: Joi.number().integer().required(),
        skillsRequired: Joi.number().integer().required(),
        inTerritory: Joi.boolean().required(),
        available: Joi.boolean().required().description('present, working and free for the whole window'),
        present: Joi.boolean().required(),
        working: Joi.boolean().required(),
        free: Joi.boolean().required(),
        distanceKm: Joi.number().allow(null).required().description('great-circle from home base; null when the site has no location'),
        load: Joi.number().integer().required().description('open jobs assigned'),
      }).label('DispatchSuggestion'),
    )
    .required(),
}).label('DispatchSuggestions');

export const boardQuery = Joi.object({
  from: Joi.string()
    .pattern(/^\d{4}-\d{2}-\d{2}$/, 'date YYYY-MM-DD')
    .required(),
  days: Joi.number().integer().min(1).max(31).default(7),
  territory: key,
});
const boardJob = Joi.object({
  number: ticketNumber.required(),
  status: Joi.string().required(),
  priority: Joi.string().required(),
  workType: Joi.string().required(),
  siteId: id.required(),
  organizationId: id.allow(null).required(),
  window: Joi.object({ startsAt: at.required(), endsAt: at.required() }).required(),
  day: Joi.string().required().description('the UTC date the window starts on'),
}).label('BoardJob');
export const dispatchBoard = Joi.object({
  days: Joi.array().items(Joi.string()).required(),
  technicians: Joi.array()
    .items(
      Joi.object({
        id: id.required(),
        displayName: Joi.string().allow('').required(),
        territories: Joi.array().items(Joi.string()).required(),
        absences: Joi.array().items(absence).required(),
        jobs: Joi.array().items(boardJob).required(),
      }).label('BoardTechnician'),
    )
    .required(),
  unassigned: Joi.array().items(boardJob).required(),
}).label('DispatchBoard');
