import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, systemActor } from '../../audit/audit-log';
import { DomainError } from '../../errors';
import { loadPrincipal } from '../../identity/domain/directory';
import { actAs } from '../../identity/domain/identity-lookups';
import type { Principal } from '../../identity/domain/principal';
import { User } from '../../identity/domain/user.entity';
import { mtaVerdict } from '../../mail/domain/mail-authentication';
import type { OutgoingMailDeps } from '../../mail/domain/outgoing-mail';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { holderOf } from './approval-links';
import { approvalOfMessageId, parseApprovalReply, parseApprovalReplyTag } from './approval-reply-threading';
import { ApprovalService } from './approval-service';
import { Approval } from './approval.entity';

export interface ApprovalReplyMail {
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  from: string;
  to: string;
  recipients?: string[];
  authenticationResults?: string[];
  text: string;
}

export interface ApprovalReplyResult {
  outcome: 'decided' | 'refused';
  ticketId: string | null;
  ticketNumber: string;
  reason?: string;
}

/**
 * A reply to an approval mail (scenario: the approver answers "Approve — fine by me" from their phone).
 * It is one when it comes through an approval's reply address or threads onto an approval mail
 * (In-Reply-To / References name the approval, see approval-reply-threading.ts). It decides only when
 * all of these hold, otherwise it is ignored — recorded, audited `approval.mailReplyIgnored` on the
 * approval with the reason, logged by the intake as refused — and never posted on the ticket either:
 *
 * - its sender is an active account, proven: the reply address token was issued to exactly that
 *   account for the approval as it is held now (a delegation since voids it), or, threading only,
 *   the intake's trusted MTA vouches for the From address (DKIM/SPF aligned pass);
 * - that account holds the approval now (its approver, or a member of its approver group);
 * - the approval is still pending, and the reply starts with "approve(d)" or "reject(ed)" — a
 *   rejection with a reason, as in the API.
 *
 * The decision is ApprovalService's, made as that account and audited `via: mail-reply`.
 */
export class ApprovalMailReplies {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: OutgoingMailDeps & { trustedAuthservId?: string },
  ) {}

  /** Null: not a reply to an approval mail (the intake goes on with it as usual). */
  async receive(mail: ApprovalReplyMail): Promise<ApprovalReplyResult | null> {
    const tagged =
      (mail.recipients ?? [mail.to]).map((a) => parseApprovalReplyTag(this.deps.replyAddresses.subaddressTag(a))).find((t) => !!t) ?? null;
    const threaded = [mail.inReplyTo, ...(mail.references ?? [])]
      .filter((m): m is string => !!m)
      .map(approvalOfMessageId)
      .find((id) => !!id);
    const approvalId = tagged?.approvalId ?? threaded;
    if (!approvalId) return null;
    const approval = await this.em.findOne(Approval, { id: approvalId });
    const ticket = approval?.ticketId ? await this.em.findOne(Ticket, { id: approval.ticketId }) : null;
    const ignore = async (reason: string): Promise<ApprovalReplyResult> => {
      recordAudit(this.em, systemActor('mail-intake'), {
        action: 'approval.mailReplyIgnored',
        entity: 'Approval',
        entityId: approvalId,
        after: { from: mail.from.trim().toLowerCase(), messageId: mail.messageId, reason, via: 'mail-reply' },
      });
      await this.em.flush();
      return { outcome: 'refused', ticketId: null, ticketNumber: ticket?.number ?? '', reason };
    };
    if (!approval) return ignore('it answers an approval that does not exist');
    const address = mail.from.trim().toLowerCase();
    const user = await this.em.findOne(User, { email: address, active: true });
    const principal = user ? await loadPrincipal(this.em, user.id, 'mail-reply') : null;
    if (!principal) return ignore(`${address} is no active account`);
    const holder = holderOf(approval);
    const byAddress =
      tagged?.approvalId === approval.id &&
      !!this.deps.approvalLinks?.verifyReplyToken(approval.id, principal.username, holder, tagged.token);
    const byMta = mtaVerdict(mail.authenticationResults ?? [], address, this.deps.trustedAuthservId) === 'pass';
    if (!byAddress && !byMta)
      return ignore(
        tagged
          ? `the reply address was not issued to ${principal.username} for this approval as it is held now (altered, forwarded, or the approval was delegated since)`
          : 'the sender is not proven: only a reply through the approval mail’s own reply address (or one our mail server authenticated) decides',
      );
    if (!isHolder(principal, approval)) return ignore(`${principal.username} does not hold this approval now (${holder} does)`);
    if (approval.state !== 'pending') return ignore(`the approval is ${approval.state} already`);
    const said = parseApprovalReply(mail.text);
    if (!said) return ignore('the reply does not start with "approve" or "reject"');
    if (said.decision === 'rejected' && !said.comment) return ignore('a rejection needs a reason after the word "reject"');
    const engine = this.deps.tickets?.processes().engine;
    if (!engine) return ignore('this intake has no process engine to complete the approval with');
    // The decision runs in the approver's own scope, as the signed links do.
    const em = this.em.fork() as EntityManager;
    actAs(em, principal);
    try {
      await new ApprovalService(em, engine).decide(principal, approval.id, said.decision, said.comment ?? undefined, 'mail-reply');
    } catch (err) {
      if (err instanceof DomainError) return ignore(err.message);
      throw err;
    }
    return { outcome: 'decided', ticketId: ticket?.id ?? null, ticketNumber: ticket?.number ?? '' };
  }
}

const isHolder = (principal: Principal, approval: Approval) =>
  approval.approverId
    ? approval.approverId === principal.userId
    : approval.approverGroup != null && principal.groupKeys.includes(approval.approverGroup);
