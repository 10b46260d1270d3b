import type { MailTemplate } from './domain/mail-template.entity';

export function presentMailTemplate(t: MailTemplate) {
  return { key: t.key, subject: t.subject, body: t.body, updatedAt: t.updatedAt.toISOString(), updatedBy: t.updatedBy };
}
