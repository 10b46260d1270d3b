import type { EntityManager } from '@mikro-orm/postgresql';
import { Group } from '../../identity/domain/group.entity';
import { ROLES, type Role } from '../../identity/domain/roles';
import { maySeeOrganization } from '../../identity/domain/serves';
import { User } from '../../identity/domain/user.entity';
import { OnCallService } from '../../on-call/domain/on-call-service';
import { Service } from '../../services/domain/service.entity';
import { callerOf, type Person } from '../../templating/ticket-template-values';
import type { Ticket } from '../../tickets/domain/ticket.entity';

export interface Recipient extends Person {
  email: string;
}

/** A `to` that cannot name anyone, whatever the data: a diagram mistake. */
export class InvalidRecipientSpec extends Error {
  readonly code = 'INVALID_RECIPIENT';
}

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export const RECIPIENT_SPEC_HINT =
  '"caller", "assignee", "assignee-or-group", "group-lead" (the lead of the ticket\'s group, else the group), "service-owner" (the owner of its service, else the group lead), "group:<group key>", "on-call:<group key>" (who is on call now, else the group), "role:<role>" or an e-mail address';

/** Why a `to` can never name anyone (its shape, not the data), or null when it may. */
export function recipientSpecProblem(spec: string): string | null {
  const to = spec.trim();
  if (['caller', 'assignee', 'assignee-or-group', 'group-lead', 'service-owner'].includes(to) || ADDRESS.test(to)) return null;
  if ((to.startsWith('group:') && to.length > 'group:'.length) || (to.startsWith('on-call:') && to.length > 'on-call:'.length)) return null;
  if (to.startsWith('role:'))
    return ROLES.includes(to.slice('role:'.length) as Role) ? null : `names no role; roles are ${ROLES.join(', ')}`;
  return `is not a recipient: use ${RECIPIENT_SPEC_HINT}`;
}

/**
 * Who a `to` names for a ticket, with an address each: `caller`, `assignee`, `assignee-or-group`
 * (the assignee, else the ticket's group), `group:<key>` (every active member with an address),
 * `role:<role>`, or a literal address. People named by the ticket (caller, assignee) or found through
 * a group or role only get the mail if they may see the ticket (they serve its organisation, or are
 * its own requesters), so a notification never leaks a ticket across tenants. Empty when nobody with
 * an address fits.
 */
export async function resolveRecipients(em: EntityManager, ticket: Ticket, spec: string): Promise<Recipient[]> {
  const to = spec.trim();
  if (to === 'caller') return withAddress([await callerRecipient(em, ticket)]);
  if (to === 'assignee') return withAddress([await assigneeOf(em, ticket)]);
  if (to === 'assignee-or-group') {
    const assignee = withAddress([await assigneeOf(em, ticket)]);
    return assignee.length || !ticket.assignmentGroup ? assignee : groupMembers(em, ticket, ticket.assignmentGroup);
  }
  if (to === 'group-lead') return groupLead(em, ticket);
  if (to === 'service-owner') {
    const owner = withAddress([await serviceOwnerOf(em, ticket)]);
    return owner.length ? owner : groupLead(em, ticket);
  }
  if (to.startsWith('group:')) return groupMembers(em, ticket, to.slice('group:'.length));
  if (to.startsWith('on-call:')) {
    // The person on call now pages one phone; nobody on call (no rota, a gap) pages the whole group.
    const key = to.slice('on-call:'.length);
    const { user } = await new OnCallService(em).onCall(key);
    const person = user && user.email && maySee(user, ticket) ? [{ displayName: user.displayName, email: user.email }] : [];
    return person.length ? person : groupMembers(em, ticket, key);
  }
  if (to.startsWith('role:')) {
    const role = to.slice('role:'.length) as Role;
    if (!ROLES.includes(role)) throw new InvalidRecipientSpec(`"${to}" names no role; roles are ${ROLES.join(', ')}`);
    return usersWho(em, ticket, (u) => u.roles.includes(role));
  }
  if (ADDRESS.test(to)) return [{ displayName: to, email: to }];
  throw new InvalidRecipientSpec(`"${to}" is not a recipient: use ${RECIPIENT_SPEC_HINT}`);
}

async function assigneeOf(em: EntityManager, ticket: Ticket): Promise<Person | null> {
  if (!ticket.assigneeId) return null;
  const user = await em.findOne(User, { id: ticket.assigneeId, active: true });
  return user && maySee(user, ticket) ? { displayName: user.displayName, email: user.email ?? null } : null;
}

/** The caller's account if they may see the ticket (a desk could name anyone as caller), else the address that opened it. */
async function callerRecipient(em: EntityManager, ticket: Ticket): Promise<Person | null> {
  const user = ticket.callerId ? await em.findOne(User, { id: ticket.callerId }) : null;
  if (user && !maySee(user, ticket)) return null;
  return callerOf(em, ticket);
}

/** The lead of the ticket's group (escalation at 75 %, say); without a lead, the group itself hears of it. */
async function groupLead(em: EntityManager, ticket: Ticket): Promise<Recipient[]> {
  if (!ticket.assignmentGroup) return [];
  const group = await em.findOne(Group, { key: ticket.assignmentGroup });
  const lead = group?.leadId ? await em.findOne(User, { id: group.leadId, active: true }) : null;
  const person = withAddress([lead && maySee(lead, ticket) ? { displayName: lead.displayName, email: lead.email ?? null } : null]);
  return person.length || !group ? person : groupMembers(em, ticket, group.key);
}

/** The owner of the ticket's service (accountable for it: the last escalation level), if they may see the ticket. */
async function serviceOwnerOf(em: EntityManager, ticket: Ticket): Promise<Person | null> {
  if (!ticket.serviceId) return null;
  const service = await em.findOne(Service, { id: ticket.serviceId });
  const owner = service?.ownerId ? await em.findOne(User, { id: service.ownerId, active: true }) : null;
  return owner && maySee(owner, ticket) ? { displayName: owner.displayName, email: owner.email ?? null } : null;
}

async function groupMembers(em: EntityManager, ticket: Ticket, key: string): Promise<Recipient[]> {
  const group = await em.findOne(Group, { key });
  if (!group) throw new InvalidRecipientSpec(`there is no group "${key}"`);
  return usersWho(em, ticket, (u) => u.groupIds.includes(group.id));
}

// The directory is small (a desk's staff and its customers' contacts): filtering in memory keeps
// the JSON membership columns out of the query.
async function usersWho(em: EntityManager, ticket: Ticket, fits: (u: User) => boolean): Promise<Recipient[]> {
  const users = await em.find(User, { active: true, email: { $ne: null } }, { orderBy: { username: 'asc' } });
  return withAddress(
    users.filter((u) => fits(u) && maySee(u, ticket)).map((u) => ({ displayName: u.displayName, email: u.email ?? null })),
  );
}

function maySee(user: User, ticket: Ticket): boolean {
  return maySeeOrganization(user, ticket.organizationId ?? null);
}

function withAddress(people: Array<Person | null>): Recipient[] {
  const seen = new Set<string>();
  return people
    .filter((p): p is Recipient => !!p?.email && ADDRESS.test(p.email))
    .filter((p) => !seen.has(p.email.toLowerCase()) && !!seen.add(p.email.toLowerCase()));
}
