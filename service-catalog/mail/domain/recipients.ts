import type { EntityManager } from '@mikro-orm/postgresql';
import { Group } from '../../identity/domain/group.entity';
import { ROLES, STAFF_ROLES, type Role } from '../../identity/domain/roles';
import { User } from '../../identity/domain/user.entity';
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

export const RECIPIENT_SPEC_HINT = '"caller", "assignee", "assignee-or-group", "group:<group key>", "role:<role>" or an e-mail address';

/**
 * Who a `to` names for a ticket, with an address each: `caller`, `assignee`, `assignee-or-group`
 * (the assignee, else the ticket's group), `group:<key>` (every active member with an address),
 * `role:<role>`, or a literal address. People found through a group or role only get the mail if
 * they may see the ticket (they serve its organisation), so a notification never leaks a ticket
 * across tenants. Empty when nobody with an address fits.
 */
export async function resolveRecipients(em: EntityManager, ticket: Ticket, spec: string): Promise<Recipient[]> {
  const to = spec.trim();
  if (to === 'caller') return withAddress([await callerOf(em, ticket)]);
  if (to === 'assignee') return withAddress([await assigneeOf(em, ticket)]);
  if (to === 'assignee-or-group') {
    const assignee = withAddress([await assigneeOf(em, ticket)]);
    return assignee.length || !ticket.assignmentGroup ? assignee : groupMembers(em, ticket, ticket.assignmentGroup);
  }
  if (to.startsWith('group:')) return groupMembers(em, ticket, to.slice('group:'.length));
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
  return user ? { displayName: user.displayName, email: user.email ?? null } : null;
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
  return withAddress(users.filter((u) => fits(u) && maySee(u, ticket)).map((u) => ({ displayName: u.displayName, email: u.email ?? null })));
}

/** The tenant rule of tenantScopeOf, for a user who is not the one signed in. */
function maySee(user: User, ticket: Ticket): boolean {
  if (user.roles.includes('admin')) return true;
  const org = ticket.organizationId ?? null;
  if (org === null) return user.roles.some((r) => STAFF_ROLES.includes(r));
  return user.servedOrganizationIds.includes(org) || (user.roles.includes('requester') && user.organizationId === org);
}

function withAddress(people: Array<Person | null>): Recipient[] {
  const seen = new Set<string>();
  return people.filter((p): p is Recipient => !!p?.email && ADDRESS.test(p.email)).filter((p) => !seen.has(p.email.toLowerCase()) && !!seen.add(p.email.toLowerCase()));
}
