import Joi from 'joi';
import { ticketNumber } from '../tickets/schemas';

export const templateKey = Joi.string()
  .max(100)
  .pattern(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/, 'dotted lower-case key like ticket.resolved');

// One line: a subject with a line break would be a header injection, and is never meant.
const subject = Joi.string()
  .trim()
  .min(1)
  .max(500)
  .pattern(/^[^\r\n]*$/, 'a single line');
const body = Joi.string().min(1).max(20_000);

export const mailTemplatePayload = Joi.object({ subject: subject.required(), body: body.required() }).label('MailTemplateInput');

export const previewPayload = Joi.object({
  ticketNumber: ticketNumber.required().description('the ticket to render against'),
  variables: Joi.object().unknown(true).default({}).description('process variables, as {{vars.x}} sees them'),
  subject: subject.description('an unsaved subject to preview instead of the stored one'),
  body: body.description('an unsaved body to preview instead of the stored one'),
}).label('MailTemplatePreviewRequest');

export const mailTemplate = Joi.object({
  key: Joi.string().required(),
  subject: Joi.string().required(),
  body: Joi.string().required(),
  updatedAt: Joi.date().iso().required(),
  updatedBy: Joi.string().required(),
}).label('MailTemplate');

export const mailTemplateList = Joi.object({
  items: Joi.array().items(mailTemplate).required(),
  placeholders: Joi.array().items(Joi.string()).required().description('what {{…}} may name; vars.* is any process variable'),
}).label('MailTemplateList');

export const preview = Joi.object({
  key: Joi.string().required(),
  ticketNumber: Joi.string().required(),
  subject: Joi.string().allow('').required(),
  text: Joi.string().allow('').required(),
}).label('MailTemplatePreview');
