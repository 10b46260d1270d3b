import { ApplicationFailure } from '@temporalio/activity';
import type { ServiceTaskInput } from '../client';
import { recordAudit, systemActor } from '../../service-catalog/audit/audit-log';
import type { Orm } from '../../service-catalog/db/orm';
import type { OutgoingMailDeps } from '../../service-catalog/mail/domain/outgoing-mail';
import { InvalidRecipientSpec, resolveRecipients } from '../../service-catalog/mail/domain/recipients';
import { TicketMailer } from '../../service-catalog/mail/domain/ticket-mailer';
import { MAX_ESCALATION_LEVELS } from '../../service-catalog/sla/domain/sla-policy.entity';
import type { TicketServices } from '../../service-catalog/tickets/ticket-services';
import { processScope, processTicket } from './process-scope';

/**
 * Task type `sla-escalate`, run by the incident process's SLA timers. Header `level=response`: the
 * first-response deadline passed; unless the desk has responded, the miss is stamped on the ticket
 * (`slaResponseBreachedAt`) and the assignee (else the group) mailed (`sla.response-breached`).
 * Header `level=1|2|3`: the policy's escalation level of that number (variables `escalation<N>To`,
 * `escalation<N>Percent` from `sla-deadlines`) is mailed to its recipient (`sla.escalation`); a level
 * the policy does not have mails nobody.
 *
 * Each mails once per ticket whatever happens: the Message-ID is derived from the ticket and the
 * level, so a timer armed again when work resumes, a reopened ticket or a retried activity finds the
 * mail already recorded. Answers `escalated` (whether this run mailed).
 */
export const createEscalationActivities = ({ orm, tickets, mail }: { orm: Orm; tickets: TicketServices; mail?: OutgoingMailDeps }) => ({
  async 'sla-escalate'(input: ServiceTaskInput) {
    const fail = (message: string, type: string) =>
      ApplicationFailure.nonRetryable(`service task ${input.elementId} (sla-escalate): ${message}`, type);
    const level = input.headers.level?.trim() ?? '';
    const numbered = Number(level);
    if (level !== 'response' && !(Number.isInteger(numbered) && numbered >= 1 && numbered <= MAX_ESCALATION_LEVELS))
      throw fail(`header "level" must be "response" or 1 to ${MAX_ESCALATION_LEVELS}`, 'INVALID_HEADER');
    if (!mail) throw fail('this worker has no outgoing mail configured', 'MAIL_NOT_CONFIGURED');
    const scope = await processScope(orm, input);
    const { em } = scope;
    const ticket = await processTicket(scope, input);
    const mailer = new TicketMailer(em, mail);
    const actor = systemActor(`process ${input.processId}`);

    if (level === 'response') {
      // Responded in time (or late, before this timer ran): nothing to escalate.
      if (ticket.firstRespondedAt) return { escalated: false };
      if (!ticket.slaResponseBreachedAt)
        await tickets
          .tickets(em)
          .writeAsProcess(
            ticket,
            { slaResponseBreachedAt: new Date() },
            { actor, action: 'ticket.sla.responseBreached', after: { responseDueAt: ticket.responseDueAt } },
          );
      return {
        escalated: await mailOnce(em, mailer, ticket, 'assignee-or-group', 'sla.response-breached', `sla-response|${ticket.id}`, {}, fail),
      };
    }

    const to = input.variables[`escalation${numbered}To`];
    if (typeof to !== 'string' || !to) return { escalated: false };
    const percent = input.variables[`escalation${numbered}Percent`] ?? null;
    const sent = await mailOnce(
      em,
      mailer,
      ticket,
      to,
      'sla.escalation',
      `sla-escalation|${ticket.id}|${numbered}`,
      { escalationLevel: numbered, escalationPercent: percent },
      fail,
    );
    if (sent) {
      recordAudit(em, actor, {
        action: 'ticket.sla.escalated',
        entity: 'Ticket',
        entityId: ticket.id,
        after: { level: numbered, percent, to },
      });
      await em.flush();
    }
    return { escalated: sent };
  },
});

async function mailOnce(
  em: Parameters<typeof resolveRecipients>[0],
  mailer: TicketMailer,
  ticket: Parameters<typeof resolveRecipients>[1],
  spec: string,
  template: string,
  cause: string,
  vars: Record<string, unknown>,
  fail: (message: string, type: string) => ApplicationFailure,
): Promise<boolean> {
  let recipients;
  try {
    recipients = await resolveRecipients(em, ticket, spec);
  } catch (err) {
    if (err instanceof InvalidRecipientSpec) throw fail(err.message, err.code);
    throw err;
  }
  if (!recipients.length) throw fail(`"${spec}" names nobody with an e-mail address for ${ticket.number}`, 'NO_RECIPIENT');
  let sent = false;
  for (const r of recipients) sent = (await mailer.send(template, ticket, r, cause, { vars })).sent || sent;
  return sent;
}
