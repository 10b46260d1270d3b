import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ticketNumber } from '../../tickets/schemas';
import { AttachmentService, type AttachmentSettings } from '../domain/attachment-service';
import { presentAttachment } from '../presenters';
import { attachmentList } from '../schemas';

export const listTicketAttachments = (opts: AttachmentSettings): ServerRoute => ({
  method: 'GET',
  path: '/tickets/{number}/attachments',
  options: {
    tags: ['api', 'tickets'],
    description: "The ticket's attachments, oldest first; those of internal notes only for the service desk",
    validate: { params: Joi.object({ number: ticketNumber.required() }) },
    response: { schema: attachmentList },
  },
  async handler(request) {
    const number = request.params.number as string;
    const items = await new AttachmentService(request.app.em, opts.store, opts).list(principalOf(request), number);
    return { items: items.map((a) => presentAttachment(a, number)) };
  },
});
