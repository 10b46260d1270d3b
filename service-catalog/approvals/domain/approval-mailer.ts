import { raw, type EntityManager } from '@mikro-orm/postgresql';
import { Group } from '../../identity/domain/group.entity';
import { maySeeOrganization } from '../../identity/domain/serves';
import { User } from '../../identity/domain/user.entity';
import type { OutgoingMailDeps } from '../../mail/domain/outgoing-mail';
import { TicketMailer } from '../../mail/domain/ticket-mailer';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { APPROVAL_LINK_DAYS, holderOf } from './approval-links';
import { approvalMessageIdPrefix, approvalReplyTag } from './approval-reply-threading';
import { Approval } from './approval.entity';

const DAY_MS = 86_400_000;

/** The mails an approval sends its holder, by template: requested, handed on by delegation, still awaited. */
export const APPROVAL_MAIL_TEMPLATES = { requested: 'approval.requested', delegated: 'approval.delegated', awaited: 'approval.awaited' };

/**
 * Mails an approval to whoever decides it now (the approver, or every member of the approver group
 * who may see the customer), each with signed approve and reject links bound to that person and to
 * the current holder, and a reply address of the approval's own (a reply saying "approve" or "reject"
 * decides it, see approval-mail-replies.ts). Each mail's Message-ID follows from its cause and the
 * address (and names the approval, for threading replies), so a retry never sends one twice:
 *
 * - `mailNew`: each new approval of an instance, once (`mailed_at` is set after the mails went out,
 *   so a retried projection sends what is missing);
 * - `mailDelegated`: after a delegation, the new holder (the cause carries the row's version, so an
 *   approval handed back to an earlier holder is mailed again, with links that work for them now);
 * - `remind`: every pending approval of an instance (of one task, optionally) again, once per firing of
 *   the diagram's reminder timer (the cause carries that firing's element instance key).
 *
 * Approvals without a ticket (a bare process) are not mailed: every mail we send names a ticket.
 */
export class ApprovalMailer {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: OutgoingMailDeps,
  ) {}

  async mailNew(instanceId: string): Promise<number> {
    if (!this.mail.approvalLinks) return 0;
    const fresh = await this.em.find(Approval, {
      processInstanceId: instanceId,
      state: 'pending',
      mailedAt: null,
      ticketId: { $ne: null },
    });
    let sent = 0;
    for (const approval of fresh) {
      sent += await this.mailHolder(approval, APPROVAL_MAIL_TEMPLATES.requested, `approval.requested|${approval.id}`);
      // Bookkeeping, not a change of the approval: the version stays (the ORM would bump it), so a
      // delegation that read the row before its mail went out still finds the version it read.
      await this.em.nativeUpdate(Approval, { id: approval.id, mailedAt: null }, { mailedAt: new Date(), version: raw('version') });
    }
    return sent;
  }

  async mailDelegated(approval: Approval): Promise<number> {
    if (approval.state !== 'pending') return 0;
    return this.mailHolder(approval, APPROVAL_MAIL_TEMPLATES.delegated, `approval.delegated|${approval.id}|${approval.version}`, {
      delegatedFrom: approval.delegatedFrom ?? '',
    });
  }

  /** @param occurrence what makes this reminder one of its own: the reminder task's element instance key. */
  async remind(instanceId: string, occurrence: string, elementId?: string): Promise<number> {
    const open = await this.em.find(
      Approval,
      { processInstanceId: instanceId, state: 'pending', ticketId: { $ne: null }, ...(elementId ? { elementId } : {}) },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    let sent = 0;
    for (const approval of open)
      sent += await this.mailHolder(approval, APPROVAL_MAIL_TEMPLATES.awaited, `approval.awaited|${approval.id}|${occurrence}`);
    return sent;
  }

  /** @returns how many mails went out now. */
  private async mailHolder(approval: Approval, template: string, cause: string, vars: Record<string, string> = {}): Promise<number> {
    const links = this.mail.approvalLinks;
    if (!links || !approval.ticketId) return 0;
    const ticket = await this.em.findOne(Ticket, { id: approval.ticketId });
    if (!ticket) return 0;
    const holder = holderOf(approval);
    const expiresAt = new Date(Date.now() + APPROVAL_LINK_DAYS * DAY_MS);
    let sent = 0;
    for (const person of await this.deciders(approval)) {
      const url = (decision: 'approved' | 'rejected') =>
        `${this.mail.publicUrl}/approval-links/${links.sign({ approvalId: approval.id, decision, username: person.username, expiresAt }, holder)}`;
      const result = await new TicketMailer(this.em, this.mail).send(
        template,
        ticket,
        { displayName: person.displayName, email: person.email! },
        cause,
        {
          vars: {
            ...vars,
            taskName: approval.taskName ?? 'An approval',
            approveUrl: url('approved'),
            rejectUrl: url('rejected'),
            expiresAt: expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
          },
        },
        {
          messageIdPrefix: approvalMessageIdPrefix(approval.id),
          replyTo: this.mail.replyAddresses.subaddress(
            approvalReplyTag(approval.id, links.replyToken(approval.id, person.username, holder)),
          ),
        },
      );
      if (result.sent) sent++;
    }
    return sent;
  }

  /** The people who may decide it, with an address to mail. */
  private async deciders(approval: Approval): Promise<User[]> {
    if (approval.approverId) {
      const user = await this.em.findOne(User, { id: approval.approverId, active: true });
      return user?.email ? [user] : [];
    }
    const group = approval.approverGroup ? await this.em.findOne(Group, { key: approval.approverGroup }) : null;
    if (!group) return [];
    const members = await this.em.find(User, { active: true }, { orderBy: { username: 'asc' } });
    return members.filter((u) => u.email && u.groupIds.includes(group.id) && maySeeOrganization(u, approval.organizationId ?? null));
  }
}
