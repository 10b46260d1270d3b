import { hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import type { MtaVerdict } from './mail-authentication';

/** What mail intake knows about one mail, for deciding whom it may act as. */
export interface MailEvidence {
  /** The `From:` address, lower-cased. */
  address: string;
  /** The active account with that address, if any: who the mail *claims* to come from. */
  account: Principal | null;
  /** The ticket the mail names (reply address, subject number or thread), if any. */
  ticket: { organizationId?: string | null; callerId?: string | null } | null;
  /** It came through a reply address issued for that ticket to exactly this `From:` address. */
  tokenValid: boolean;
  /** What our MTA found about the From domain (`none` unless configured). */
  mta: MtaVerdict;
}

export type SenderDecision =
  /** Post on the named ticket, as `as`. */
  | { action: 'reply'; as: Principal }
  /** Open a ticket of its own, as `as`. */
  | { action: 'open'; as: Principal }
  /** Post nothing anywhere; the mail is recorded and the refusal audited. */
  | { action: 'refuse'; reason: string };

/**
 * Whom a mail to the desk may act as; `From:` alone proves nothing, anyone can write it.
 *
 * - **Staff** are believed only when proven: on a ticket, a reply through the reply address issued to
 *   them for that ticket (and no failing MTA verdict), and they must serve the ticket's organisation —
 *   proven but not serving it, the mail is refused. A new mail (no ticket) is proven only by a passing
 *   MTA verdict. Unproven, the mail is from an unverified sender: an internal ticket of its own, with
 *   no caller and no organisation, so nothing reaches a customer and nothing appears as the agent.
 * - **Requesters**: the ticket's caller may reply without a token (a forged caller can only write on
 *   the caller's own ticket, as the caller: a lesser risk, kept so replying to any of our mails works);
 *   someone else of the organisation needs the reply address issued to them; anyone else opens a
 *   ticket of their own, as today. A failing MTA verdict makes any account an unverified sender.
 * - **Unknown addresses** open a ticket of their own as an unverified sender.
 */
export function decideSender(mail: MailEvidence): SenderDecision {
  const unverified: SenderDecision = { action: 'open', as: unverifiedSender(mail.address) };
  const account = mail.mta === 'fail' ? null : mail.account;
  if (!account) return unverified;
  const { ticket } = mail;
  if (hasRole(account, ...STAFF_ROLES)) {
    if (!ticket) return mail.mta === 'pass' ? { action: 'open', as: account } : unverified;
    if (!mail.tokenValid) return unverified;
    if (!serves(account, ticket.organizationId ?? null))
      return { action: 'refuse', reason: `${account.username} does not serve the ticket's organisation` };
    return { action: 'reply', as: account };
  }
  if (!ticket) return { action: 'open', as: account };
  if (ticket.callerId && ticket.callerId === account.userId) return { action: 'reply', as: account };
  const colleague = !!account.organizationId && account.organizationId === ticket.organizationId;
  return colleague && mail.tokenValid ? { action: 'reply', as: account } : { action: 'open', as: account };
}

/**
 * Someone writing from an address no account is proven for: a requester of no organisation, marked in
 * the name every entry and audit row shows, never a user row (so never shown as the agent whose
 * address it used).
 */
export function unverifiedSender(address: string): Principal {
  return {
    userId: `mail:${address}`,
    username: `mail:${address}`,
    displayName: `${address} (unverified sender)`,
    roles: ['requester'],
    organizationId: null,
    servedOrganizationIds: [],
    groupKeys: [],
    via: 'system',
  };
}

/** The tenant rule for staff: admins serve everyone; internal tickets (no organisation) are every agent's. */
function serves(staff: Principal, organizationId: string | null): boolean {
  return hasRole(staff, 'admin') || organizationId === null || staff.servedOrganizationIds.includes(organizationId);
}
