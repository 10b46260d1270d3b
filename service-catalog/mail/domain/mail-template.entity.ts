import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The subject and body of a mail the desk sends, by key (`ticket.resolved`, or any key a process's
 * `notify` task names). Defaults are seeded by a migration; process owners edit them.
 */
export const MailTemplate = defineEntity({
  name: 'MailTemplate',
  tableName: 'mail_template',
  properties: {
    key: p.string().primary(),
    subject: p.string(),
    body: p.text(),
    updatedAt: p.datetime(),
    updatedBy: p.string(),
  },
});
export type MailTemplate = InferEntity<typeof MailTemplate>;
