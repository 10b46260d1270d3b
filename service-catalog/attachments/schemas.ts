import Joi from 'joi';

export const attachmentId = Joi.string().guid();

/** What hapi hands the handler for a multipart file part written to disk (`payload.output: 'file'`). */
export const uploadedFile = Joi.object({
  path: Joi.string().required(),
  bytes: Joi.number().integer().min(0).required(),
  filename: Joi.string().allow('').required(),
  headers: Joi.object().unknown(true).required(),
})
  .unknown(true)
  .meta({ swaggerType: 'file' })
  .description('the file, as a multipart/form-data part named "file"');

export const uploadPayload = Joi.object({
  file: uploadedFile.required(),
  entryId: Joi.string().guid().description('the reply or note this file belongs to'),
}).label('NewTicketAttachment');

export const attachment = Joi.object({
  id: Joi.string().required(),
  ticketNumber: Joi.string().required(),
  entryId: Joi.string().allow(null).required(),
  filename: Joi.string().required(),
  contentType: Joi.string().required(),
  size: Joi.number().integer().required(),
  sha256: Joi.string().length(64).required(),
  uploadedById: Joi.string().allow(null).required(),
  uploadedByName: Joi.string().required(),
  createdAt: Joi.date().iso().required(),
  downloadUrl: Joi.string().required(),
}).label('TicketAttachment');

export const attachmentList = Joi.object({ items: Joi.array().items(attachment).required() }).label('TicketAttachmentList');
