import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { MAIL_TEMPLATE_PLACEHOLDERS } from '../../templating/placeholders';
import { MailTemplateService } from '../domain/mail-template-service';
import { presentMailTemplate } from '../presenters';
import { mailTemplate, mailTemplateList, mailTemplatePayload, templateKey } from '../schemas';

/** Mail texts are the process owner's: what the desk says to callers and staff. */
export const TEMPLATE_EDITORS = ['process-owner', 'admin'];

export const listMailTemplates: ServerRoute = {
  method: 'GET',
  path: '/mail-templates',
  options: {
    tags: ['api', 'mail'],
    description: 'Mail templates, and the placeholders they may use',
    auth: { access: { scope: TEMPLATE_EDITORS } },
    response: { schema: mailTemplateList },
  },
  async handler(request) {
    const items = await new MailTemplateService(request.app.em).list();
    const placeholders = [...MAIL_TEMPLATE_PLACEHOLDERS.names, ...(MAIL_TEMPLATE_PLACEHOLDERS.prefixes ?? []).map((p) => `${p}*`)];
    return { items: items.map(presentMailTemplate), placeholders };
  },
};

export const getMailTemplate: ServerRoute = {
  method: 'GET',
  path: '/mail-templates/{key}',
  options: {
    tags: ['api', 'mail'],
    description: 'One mail template by key',
    auth: { access: { scope: TEMPLATE_EDITORS } },
    validate: { params: Joi.object({ key: templateKey.required() }) },
    response: { schema: mailTemplate },
  },
  async handler(request) {
    return presentMailTemplate(await new MailTemplateService(request.app.em).get(request.params.key as string));
  },
};

export const putMailTemplate: ServerRoute = {
  method: 'PUT',
  path: '/mail-templates/{key}',
  options: {
    tags: ['api', 'mail'],
    description: 'Create or replace a mail template (a new key serves a notify task naming it)',
    notes: '422 for an unknown placeholder (named in details) or a subject without {{ticket.number}}',
    auth: { access: { scope: TEMPLATE_EDITORS } },
    validate: { params: Joi.object({ key: templateKey.required() }), payload: mailTemplatePayload },
    response: { status: { 200: mailTemplate, 201: mailTemplate } },
  },
  async handler(request, h) {
    const { template, created } = await new MailTemplateService(request.app.em).put(
      actorOf(principalOf(request)),
      request.params.key as string,
      request.payload as { subject: string; body: string },
    );
    return h.response(presentMailTemplate(template)).code(created ? 201 : 200);
  },
};
