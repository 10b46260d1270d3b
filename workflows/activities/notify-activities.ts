import { ApplicationFailure } from '@temporalio/activity';
import type { ServiceTaskInput } from '../client';
import type { Orm } from '../../service-catalog/db/orm';
import { NotFound } from '../../service-catalog/errors';
import { MailTemplate } from '../../service-catalog/mail/domain/mail-template.entity';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import { InvalidRecipientSpec, RECIPIENT_SPEC_HINT, resolveRecipients } from '../../service-catalog/mail/domain/recipients';
import { TicketMailer } from '../../service-catalog/mail/domain/ticket-mailer';
import { namedTicket, processScope } from './process-scope';

/**
 * Task type `notify`: mails the ticket's people from a mail template. Headers: `template` (a mail
 * template key, e.g. `ticket.resolved`) and `to` (`caller`, `assignee`, `assignee-or-group`,
 * `group:<key>`, `role:<role>` or an address). The template sees the ticket's fields and the task's
 * process variables as `{{vars.x}}`. `whenNobody: skip` sends nothing, without an incident, when `to`
 * names nobody with an address (a satisfaction survey to a ticket's caller: a problem the desk raised
 * itself has nobody to ask).
 *
 * Idempotent across retries: each recipient's Message-ID is derived from the instance and the element
 * instance key (stable across attempts and continue-as-new, unlike Temporal's activity id) and a mail
 * already recorded under it is skipped. What no retry can fix — no template, nobody to mail, a bad
 * header — fails without retrying, as an incident the process owner sees; a mail server that is
 * down is retried.
 */
export const createNotifyActivities = ({ orm, mail }: { orm: Orm; mail?: OutgoingMailDeps }) => ({
  async notify(input: ServiceTaskInput) {
    const fail = (message: string, type: string) =>
      ApplicationFailure.nonRetryable(`service task ${input.elementId} (notify): ${message}`, type);
    const templateKey = input.headers.template?.trim();
    const to = input.headers.to?.trim();
    if (!templateKey) throw fail('needs a "template" task header naming a mail template', 'MISSING_HEADER');
    if (!to) throw fail(`needs a "to" task header: ${RECIPIENT_SPEC_HINT}`, 'MISSING_HEADER');
    if (!mail) throw fail('this worker has no outgoing mail configured', 'MAIL_NOT_CONFIGURED');

    // The ticket, and so what the template shows and whom it may reach, only ever the instance's organisation's.
    const scope = await processScope(orm, input);
    const { em } = scope;
    const ticket = await namedTicket(scope, input);
    if (!ticket) throw fail('the process has no ticket (variable ticketId or ticketNumber) to write about', 'TICKET_NOT_FOUND');
    if (!(await em.findOne(MailTemplate, { key: templateKey })))
      throw fail(`there is no mail template "${templateKey}"`, 'MAIL_TEMPLATE_NOT_FOUND');

    let recipients;
    try {
      recipients = await resolveRecipients(em, ticket, to);
    } catch (err) {
      if (err instanceof InvalidRecipientSpec) throw fail(err.message, err.code);
      throw err;
    }
    if (!recipients.length && input.headers.whenNobody?.trim() === 'skip') return;
    if (!recipients.length) throw fail(`"to: ${to}" names nobody with an e-mail address for ${ticket.number}`, 'NO_RECIPIENT');

    const mailer = new TicketMailer(em, mail);
    const cause = `notify|${input.processInstanceId}|${input.elementInstanceKey}`;
    try {
      for (const recipient of recipients) await mailer.send(templateKey, ticket, recipient, cause, { vars: input.variables });
    } catch (err) {
      if (err instanceof NotFound) throw fail(err.message, err.code);
      throw err;
    }
  },
});
