import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ticketNumber } from '../../tickets/schemas';
import { contentDisposition } from '../domain/attachment-filename';
import { AttachmentService, type AttachmentSettings } from '../domain/attachment-service';
import { attachmentId } from '../schemas';

export const downloadTicketAttachment = (opts: AttachmentSettings): ServerRoute => ({
  method: 'GET',
  path: '/tickets/{number}/attachments/{id}',
  options: {
    tags: ['api', 'tickets'],
    description: 'Download an attachment (always as a download, never rendered inline)',
    validate: { params: Joi.object({ number: ticketNumber.required(), id: attachmentId.required() }) },
  },
  async handler(request, h) {
    const service = new AttachmentService(request.app.em, opts.store, opts);
    const attachment = await service.get(principalOf(request), request.params.number as string, request.params.id as string);
    // Uploaded content is untrusted: a download, with its checked type, which the browser must not second-guess or run.
    return h
      .response(service.open(attachment))
      .type(attachment.contentType)
      .bytes(attachment.size)
      .header('content-disposition', contentDisposition(attachment.filename))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store');
  },
});
