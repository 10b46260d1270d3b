import type { Plugin } from '@hapi/hapi';
import { getMailTemplate, listMailTemplates, putMailTemplate } from './routes/mail-templates';
import { previewMailTemplate } from './routes/preview-mail-template';
import type { OutgoingMailSettings } from './options';

/** Mail templates: what the desk's mails say, edited by process owners. */
export const mailPlugin: Plugin<OutgoingMailSettings> = {
  name: 'flowdesk-mail',
  register(server, opts) {
    server.route([listMailTemplates, getMailTemplate, putMailTemplate, previewMailTemplate(opts)]);
  },
};
