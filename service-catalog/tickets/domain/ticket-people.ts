import type { EntityManager } from '@mikro-orm/postgresql';
import { Group } from '../../identity/domain/group.entity';
import { Organization } from '../../identity/domain/organization.entity';
import { hasRole, type Principal } from '../../identity/domain/principal';
import { STAFF_ROLES } from '../../identity/domain/roles';
import { User } from '../../identity/domain/user.entity';
import { findByIds } from '../../db/managed-first';
import type { Ticket } from './ticket.entity';

export interface NamedOrganization {
  id: string;
  name: string;
}
/** The caller as the desk sees them; a requester sees only their own name. */
export interface CallerView {
  id: string;
  displayName: string;
  email?: string | null;
  phone?: string;
  organization?: NamedOrganization | null;
}

/**
 * The people and names around a set of tickets, loaded in three queries whatever the number of
 * tickets, and shown by the rules of who may see whom: staff see the callers of the customers they
 * serve (and internal callers without one), admins every caller, a requester only their own name.
 */
export class TicketPeople {
  private constructor(
    private readonly principal: Principal,
    private readonly users: Map<string, User>,
    private readonly organizations: Map<string, NamedOrganization>,
    private readonly groups: Map<string, Group>,
  ) {}

  static async load(
    em: EntityManager,
    principal: Principal,
    tickets: readonly Ticket[],
    extraUserIds: readonly string[] = [],
    extraGroupKeys: readonly string[] = [],
  ): Promise<TicketPeople> {
    const userIds = unique([...tickets.flatMap((t) => [t.callerId, t.assigneeId]), ...extraUserIds]);
    const users = await findByIds(em, User, userIds);
    const orgIds = unique([...tickets.map((t) => t.organizationId), ...users.map((u) => u.organizationId)]);
    const orgs = await findByIds(em, Organization, orgIds);
    const groupKeys = unique([...tickets.map((t) => t.assignmentGroup), ...extraGroupKeys]);
    const groups = groupKeys.length ? await em.find(Group, { key: { $in: groupKeys } }) : [];
    return new TicketPeople(
      principal,
      new Map(users.map((u) => [u.id, u])),
      new Map(orgs.map((o) => [o.id, { id: o.id, name: o.name }])),
      new Map(groups.map((g) => [g.key, g])),
    );
  }

  private get staff(): boolean {
    return hasRole(this.principal, ...STAFF_ROLES);
  }

  caller(ticket: Ticket): CallerView | null {
    const user = ticket.callerId ? this.users.get(ticket.callerId) : undefined;
    if (!user) return null;
    if (!this.staff) return user.id === this.principal.userId ? { id: user.id, displayName: user.displayName } : null;
    const serves =
      hasRole(this.principal, 'admin') || !user.organizationId || this.principal.servedOrganizationIds.includes(user.organizationId);
    if (!serves) return null;
    return {
      id: user.id,
      displayName: user.displayName,
      email: user.email ?? null,
      ...(user.phone ? { phone: user.phone } : {}),
      organization: user.organizationId ? (this.organizations.get(user.organizationId) ?? null) : null,
    };
  }

  /** The customer the ticket belongs to (the tenant filter already let the principal see it). */
  customer(ticket: Ticket): NamedOrganization | null {
    return ticket.organizationId ? (this.organizations.get(ticket.organizationId) ?? null) : null;
  }

  /** Who works on it and in which group: the desk's business, not the caller's. */
  assignee(ticket: Ticket): { id: string; displayName: string } | null {
    return this.staff ? this.person(ticket.assigneeId) : null;
  }

  group(ticket: Ticket): { key: string; name: string } | null {
    return this.staff ? this.namedGroup(ticket.assignmentGroup) : null;
  }

  person(id: string | null | undefined): { id: string; displayName: string } | null {
    const user = id ? this.users.get(id) : undefined;
    return user ? { id: user.id, displayName: user.displayName } : null;
  }

  namedGroup(key: string | null | undefined): { key: string; name: string } | null {
    return key ? { key, name: this.groupName(key) } : null;
  }

  groupName = (key: string): string => this.groups.get(key)?.name ?? key;

  /** The groups loaded here by key, so what presents the ticket beside them need not read them again. */
  get loadedGroups(): ReadonlyMap<string, Group> {
    return this.groups;
  }
}

const unique = (values: ReadonlyArray<string | null | undefined>): string[] => [...new Set(values.filter((v): v is string => !!v))];
