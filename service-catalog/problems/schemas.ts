import Joi from 'joi';
import { IMPACTS, URGENCIES } from '../tickets/domain/ticket-types';
import { idempotencyHeaders, ticketNumber } from '../tickets/schemas';

const shortText = Joi.string().trim().min(1).max(120);
const longText = Joi.string().trim().min(1).max(20_000);
const incidentNumbers = Joi.array().items(ticketNumber.pattern(/^INC/, 'incident number like INC0001042')).min(1).max(100).unique();

export { idempotencyHeaders };
export const problemParams = Joi.object({ number: ticketNumber.pattern(/^PRB/, 'problem number like PRB0000042').required() });

export const openProblemPayload = Joi.object({
  title: Joi.string().trim().min(1).max(200).required(),
  description: longText.required(),
  incidents: incidentNumbers.required().description('the incidents the problem explains; each is linked caused_by to it'),
  service: shortText.allow(null),
  category: shortText.allow(null),
  impact: Joi.string().valid(...IMPACTS),
  urgency: Joi.string().valid(...URGENCIES),
}).label('NewProblem');

export const linkIncidentsPayload = Joi.object({ incidents: incidentNumbers.required() }).label('ProblemIncidents');

export const analysisPayload = Joi.object({
  rootCause: longText.required(),
  symptoms: longText,
  workaround: longText.description('published to every linked incident at once, as with POST /problems/{number}/workaround'),
}).label('ProblemAnalysis');

export const linkChangePayload = Joi.object({
  change: ticketNumber.pattern(/^CHG/, 'change number like CHG0000042').required().description('the change that removes the root cause'),
}).label('ProblemChangeLink');

export const workaroundPayload = Joi.object({ workaround: longText.required() }).label('Workaround');

const knownErrorFields = {
  problemNumber: Joi.string().required(),
  title: Joi.string().required(),
  symptoms: Joi.string().allow('').required(),
  rootCause: Joi.string().allow(null).required(),
  workaround: Joi.string().allow(null).required(),
  workaroundPublishedAt: Joi.date().iso().allow(null).required(),
  analysedBy: Joi.string().allow(null).required(),
  service: Joi.string().allow(null).required(),
  category: Joi.string().allow(null).required(),
  updatedAt: Joi.date().iso().required(),
};
export const knownError = Joi.object(knownErrorFields).label('KnownError');
export const knownErrorList = Joi.object({ items: Joi.array().items(knownError).required(), total: Joi.number().required() }).label(
  'KnownErrorList',
);

export const problem = Joi.object({
  number: Joi.string().required(),
  title: Joi.string().required(),
  description: Joi.string().required(),
  state: Joi.string().required(),
  service: Joi.string().allow(null).required(),
  category: Joi.string().allow(null).required(),
  assignmentGroup: Joi.string().allow(null).required(),
  organizationId: Joi.string().allow(null).required(),
  resolutionCode: Joi.string().allow(null).required(),
  resolutionNotes: Joi.string().allow(null).required(),
  createdAt: Joi.date().iso().required(),
  analysis: knownError.allow(null).required(),
  incidents: Joi.array()
    .items(
      Joi.object({
        number: Joi.string().required(),
        title: Joi.string().required(),
        state: Joi.string().required(),
        resolutionCode: Joi.string().allow(null).required(),
      }).label('ProblemIncident'),
    )
    .required(),
  changes: Joi.array()
    .items(
      Joi.object({
        number: Joi.string().required(),
        title: Joi.string().required(),
        state: Joi.string().required(),
        resolutionCode: Joi.string().allow(null).required().description('successful, failed, backed_out once implemented'),
      }).label('ProblemChange'),
    )
    .required()
    .description('changes linked to resolve the problem: one that closes successful resolves it'),
}).label('Problem');
