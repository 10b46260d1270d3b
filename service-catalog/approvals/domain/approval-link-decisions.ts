import type { EntityManager } from '@mikro-orm/postgresql';
import type { EngineClient } from '../../../workflows/client';
import { TenantScope, setTenantScope } from '../../db/tenant';
import { Gone, NotPermitted, WrongState } from '../../errors';
import { loadPrincipal } from '../../identity/domain/directory';
import { actAs, signInAccount } from '../../identity/domain/identity-lookups';
import { Ticket } from '../../tickets/domain/ticket.entity';
import { holderOf, type ApprovalLink, type ApprovalLinks } from './approval-links';
import { ApprovalService } from './approval-service';
import { Approval } from './approval.entity';

export interface LinkedApproval {
  link: ApprovalLink;
  approval: Approval;
  ticket: { number: string; title: string } | null;
}

const INVALID = 'this link is not valid: it was altered, or the approval was handed to someone else after it was mailed';

/**
 * Deciding an approval with the signed link of its mail, without signing in. The link is checked
 * against the approval as it is now (its holder, its state): an altered or foreign link is 403
 * `LINK_INVALID`, an expired one 410 `LINK_EXPIRED`, a link of an approval no longer pending (decided
 * with this link or any other way, or withdrawn) 409 `LINK_USED`. The decision itself is the one
 * ApprovalService makes for the link's user, audited `via: mail-link`.
 */
export class ApprovalLinkDecisions {
  constructor(
    private readonly em: EntityManager,
    private readonly engine: EngineClient,
    private readonly links: ApprovalLinks,
  ) {}

  /** The approval a link decides, if the link may still decide it. */
  async open(token: string): Promise<LinkedApproval> {
    const link = this.links.parse(token);
    if (!link) throw new NotPermitted('LINK_INVALID', INVALID);
    // The signed token names the approval: read it whatever its organisation, then act as its approver.
    const em = this.em.fork() as EntityManager;
    setTenantScope(em, TenantScope.all('approval link: the approval its signed token names'));
    const approval = await em.findOne(Approval, { id: link.approvalId });
    if (!approval) throw new NotPermitted('LINK_INVALID', INVALID);
    const problem = this.links.verify(token, holderOf(approval));
    if (problem === 'expired')
      throw new Gone('LINK_EXPIRED', `this link expired at ${link.expiresAt.toISOString()}; decide in your approvals instead`);
    if (problem) throw new NotPermitted('LINK_INVALID', INVALID);
    if (approval.state !== 'pending')
      throw new WrongState(
        'LINK_USED',
        approval.state === 'withdrawn'
          ? 'this approval is no longer needed: its task ended without it'
          : `this approval was already ${approval.state}${approval.decidedBy ? ` by ${approval.decidedBy}` : ''}; each link works once`,
      );
    const ticket = approval.ticketId ? await em.findOne(Ticket, { id: approval.ticketId }) : null;
    return { link, approval, ticket: ticket ? { number: ticket.number, title: ticket.title } : null };
  }

  async decide(token: string, comment?: string): Promise<LinkedApproval> {
    const { link, approval, ticket } = await this.open(token);
    // Users are under row-level security and nobody is signed in: the narrow sign-in lookup finds the
    // link's user by name, then the decision runs in that user's own scope.
    const account = await signInAccount(this.em, link.username);
    const principal = account ? await loadPrincipal(this.em, account.id, 'approval-link') : null;
    if (!principal) throw new NotPermitted('LINK_INVALID', `${link.username} may not decide approvals any more`);
    actAs(this.em, principal);
    const decided = await new ApprovalService(this.em, this.engine).decide(principal, approval.id, link.decision, comment, 'mail-link');
    return { link, approval: decided, ticket };
  }
}
