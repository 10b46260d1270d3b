import type { EntityManager } from '@mikro-orm/postgresql';
import { Group } from '../../identity/domain/group.entity';
import { maySeeOrganization } from '../../identity/domain/serves';
import { User } from '../../identity/domain/user.entity';
import type { OutgoingMailDeps } from '../../mail/domain/outgoing-mail';
import { TicketMailer } from '../../mail/domain/ticket-mailer';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { APPROVAL_LINK_DAYS, holderOf } from './approval-links';
import { Approval } from './approval.entity';

const DAY_MS = 86_400_000;

/**
 * Mails each new approval of an instance to whoever decides it (the approver, or every member of
 * the approver group who may see the customer), once: template `approval.requested` with signed
 * approve and reject links for that person. `mailed_at` is set after the mails went out, so a retried
 * projection sends what is missing; each mail's Message-ID follows from the approval and the address,
 * so nobody gets the same request twice. Approvals without a ticket (a bare process) are not mailed:
 * every mail we send names a ticket.
 */
export class ApprovalMailer {
  constructor(
    private readonly em: EntityManager,
    private readonly mail: OutgoingMailDeps,
  ) {}

  async mailNew(instanceId: string): Promise<number> {
    const links = this.mail.approvalLinks;
    if (!links) return 0;
    const fresh = await this.em.find(Approval, {
      processInstanceId: instanceId,
      state: 'pending',
      mailedAt: null,
      ticketId: { $ne: null },
    });
    let sent = 0;
    for (const approval of fresh) {
      const ticket = await this.em.findOne(Ticket, { id: approval.ticketId! });
      if (!ticket) continue;
      const expiresAt = new Date(Date.now() + APPROVAL_LINK_DAYS * DAY_MS);
      for (const person of await this.deciders(approval)) {
        const url = (decision: 'approved' | 'rejected') =>
          `${this.mail.publicUrl}/approval-links/${links.sign({ approvalId: approval.id, decision, username: person.username, expiresAt }, holderOf(approval))}`;
        const result = await new TicketMailer(this.em, this.mail).send(
          'approval.requested',
          ticket,
          { displayName: person.displayName, email: person.email! },
          `approval.requested|${approval.id}`,
          {
            vars: {
              taskName: approval.taskName ?? 'An approval',
              approveUrl: url('approved'),
              rejectUrl: url('rejected'),
              expiresAt: expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
            },
          },
        );
        if (result.sent) sent++;
      }
      await this.em.nativeUpdate(Approval, { id: approval.id, mailedAt: null }, { mailedAt: new Date() });
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
