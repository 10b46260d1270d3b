import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { ticketTemplateValues } from '../../templating/ticket-template-values';
import { ticketsOf } from '../../tickets/ticket-services';
import { checkMailTemplate, MailTemplateService, renderMail } from '../domain/mail-template-service';
import type { OutgoingMailSettings } from '../options';
import { preview, previewPayload, templateKey } from '../schemas';
import { TEMPLATE_EDITORS } from './mail-templates';

export const previewMailTemplate = (opts: OutgoingMailSettings): ServerRoute => ({
  method: 'POST',
  path: '/mail-templates/{key}/preview',
  options: {
    tags: ['api', 'mail'],
    description: 'Render a mail template (stored, or an unsaved subject/body) against a ticket, without sending it',
    auth: { access: { scope: TEMPLATE_EDITORS } },
    validate: { params: Joi.object({ key: templateKey.required() }), payload: previewPayload },
    response: { schema: preview },
  },
  async handler(request) {
    const principal = principalOf(request);
    const input = request.payload as { ticketNumber: string; variables: Record<string, unknown>; subject?: string; body?: string };
    const key = request.params.key as string;
    const ticket = await ticketsOf(request).get(input.ticketNumber);
    // A complete draft needs no stored template (previewing a new key); a partial one fills in from it.
    const stored = input.subject !== undefined && input.body !== undefined ? null : await new MailTemplateService(request.app.em).get(key);
    const template = { subject: input.subject ?? stored!.subject, body: input.body ?? stored!.body };
    if (input.subject !== undefined || input.body !== undefined) checkMailTemplate(template);
    const values = await ticketTemplateValues(request.app.em, ticket, {
      publicUrl: opts.publicUrl,
      agent: { displayName: principal.displayName, email: null },
      reply: { body: "(the agent's reply)", authorName: principal.displayName },
      vars: input.variables,
    });
    return { key, ticketNumber: ticket.number, ...renderMail(template, values) };
  },
});
