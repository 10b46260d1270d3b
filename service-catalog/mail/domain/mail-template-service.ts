import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { NotFound, RuleViolation } from '../../errors';
import { MAIL_TEMPLATE_PLACEHOLDERS, TICKET_NUMBER_PLACEHOLDER } from '../../templating/placeholders';
import { checkTemplate, placeholdersOf, renderTemplate } from '../../templating/render-template';
import { MailTemplate } from './mail-template.entity';

export interface RenderedMail {
  subject: string;
  text: string;
}

/** Mail templates: listed, edited by process owners (checked before saving), rendered for sending. */
export class MailTemplateService {
  constructor(private readonly em: EntityManager) {}

  list(): Promise<MailTemplate[]> {
    return this.em.find(MailTemplate, {}, { orderBy: { key: 'asc' } });
  }

  async get(key: string): Promise<MailTemplate> {
    const template = await this.em.findOne(MailTemplate, { key });
    if (!template) throw new NotFound('MAIL_TEMPLATE_NOT_FOUND', `there is no mail template "${key}"`);
    return template;
  }

  /** Creates or replaces a template; `created` tells which. @throws RuleViolation naming each bad placeholder. */
  async put(actor: Actor, key: string, input: { subject: string; body: string }): Promise<{ template: MailTemplate; created: boolean }> {
    checkMailTemplate(input);
    const existing = await this.em.findOne(MailTemplate, { key });
    const before = existing ? { subject: existing.subject, body: existing.body } : null;
    const template = existing ?? this.em.create(MailTemplate, { key, subject: input.subject, body: input.body, updatedAt: new Date(), updatedBy: actor.name });
    this.em.assign(template, { subject: input.subject, body: input.body, updatedAt: new Date(), updatedBy: actor.name });
    recordAudit(this.em, actor, { action: existing ? 'mailTemplate.updated' : 'mailTemplate.created', entity: 'MailTemplate', entityId: key, before, after: { subject: input.subject, body: input.body } });
    await this.em.flush();
    return { template, created: !existing };
  }

  /** @throws NotFound when the key has no template (a notify task naming one that does not exist). */
  async render(key: string, values: Record<string, unknown>): Promise<RenderedMail> {
    return renderMail(await this.get(key), values);
  }
}

/** Subject on one line: a rendered title with a line break must not start a new mail header. */
export function renderMail(template: { subject: string; body: string }, values: Record<string, unknown>): RenderedMail {
  return { subject: renderTemplate(template.subject, values).replace(/\s*[\r\n]+\s*/g, ' ').trim(), text: renderTemplate(template.body, values) };
}

/**
 * What a template must be to be saved: known placeholders only, and the ticket number in the
 * subject, which is how a reply to any mail we send finds its ticket (mail intake reads it).
 */
export function checkMailTemplate(input: { subject: string; body: string }): void {
  const problems = [
    ...checkTemplate(input.subject, MAIL_TEMPLATE_PLACEHOLDERS).map((p) => ({ field: 'payload.subject', message: p.message, code: p.code })),
    ...checkTemplate(input.body, MAIL_TEMPLATE_PLACEHOLDERS).map((p) => ({ field: 'payload.body', message: p.message, code: p.code })),
  ];
  if (problems.length) throw new RuleViolation('INVALID_TEMPLATE', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  if (!placeholdersOf(input.subject).includes(TICKET_NUMBER_PLACEHOLDER)) {
    const message = `the subject must contain {{${TICKET_NUMBER_PLACEHOLDER}}}, so replies to the mail find their ticket`;
    throw new RuleViolation('SUBJECT_WITHOUT_TICKET_NUMBER', message, [{ field: 'payload.subject', message, code: 'SUBJECT_WITHOUT_TICKET_NUMBER' }]);
  }
}
