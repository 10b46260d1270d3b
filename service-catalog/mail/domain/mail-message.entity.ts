import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Every mail the desk received or sent. The Message-ID makes intake idempotent (a gateway that
 * delivers twice creates one ticket) and lets a reply's In-Reply-To find its ticket.
 */
export const MailMessage = defineEntity({
  name: 'MailMessage',
  tableName: 'mail_message',
  properties: {
    id: p.uuid().primary(),
    direction: p.string().$type<'in' | 'out'>(),
    messageId: p.string().unique(),
    inReplyTo: p.string().nullable(),
    fromAddress: p.string(),
    toAddress: p.string(),
    subject: p.string(),
    text: p.text(),
    ticketId: p.uuid().nullable().index(),
    at: p.datetime(),
  },
});
export type MailMessage = InferEntity<typeof MailMessage>;
