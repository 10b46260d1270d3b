import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor } from '../../service-catalog/audit/audit-log';
import { Contract } from '../../service-catalog/identity/domain/contract.entity';
import { CustomerService } from '../../service-catalog/identity/domain/customer-service';
import { Group } from '../../service-catalog/identity/domain/group.entity';
import { GroupService } from '../../service-catalog/identity/domain/group-service';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import type { Role } from '../../service-catalog/identity/domain/roles';
import { Site } from '../../service-catalog/identity/domain/site.entity';
import { User } from '../../service-catalog/identity/domain/user.entity';
import { UserService } from '../../service-catalog/identity/domain/user-service';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';

export const DEMO_ORGANIZATIONS = ['Baltic Retail UAB', 'Nordic Logistics AS'] as const;
type OrgName = (typeof DEMO_ORGANIZATIONS)[number];

export const DEMO_GROUPS = [
  { key: 'service-desk', name: 'Service desk' },
  { key: 'network', name: 'Network' },
  { key: 'field-service', name: 'Field service' },
  /** Paged by the incident process for every P1 (major incident). */
  { key: 'major-incident', name: 'Major incident managers' },
  /** Approve normal changes (change.bpmn), emergency changes, and decide approvals the CAB let time out. */
  { key: 'cab', name: 'Change advisory board' },
  { key: 'ecab', name: 'Emergency change advisory board' },
  { key: 'change-managers', name: 'Change managers' },
  { key: 'knowledge-managers', name: 'Knowledge managers' },
];

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
  organization?: OrgName;
  groups?: string[];
  serves?: OrgName[];
  /** Matches the sender of mail to the desk (scenario 1: Rita's email becomes her incident). */
  email?: string;
  /** Shown to the desk beside the caller's name. */
  phone?: string;
  /** Their line manager's username: approves their catalog orders that ask for the manager. */
  manager?: string;
}

/** Demo accounts with their passwords: printed by `npm start`, and used by the tests to sign in. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', password: 'admin-demo-pass', email: 'admin@flowdesk.example', displayName: 'Ada Admin', roles: ['admin'] },
  {
    username: 'marta',
    password: 'marta-demo-pass',
    email: 'marta@flowdesk.example',
    displayName: 'Marta (incident process owner)',
    roles: ['process-owner'],
    groups: ['service-desk', 'major-incident', 'cab', 'ecab', 'change-managers', 'knowledge-managers'],
    serves: ['Baltic Retail UAB', 'Nordic Logistics AS'],
  },
  {
    username: 'tomas',
    password: 'tomas-demo-pass',
    email: 'tomas@flowdesk.example',
    displayName: 'Tomas (service desk agent)',
    roles: ['agent'],
    groups: ['service-desk'],
    serves: ['Baltic Retail UAB', 'Nordic Logistics AS'],
  },
  {
    username: 'agne',
    password: 'agne-demo-pass',
    email: 'agne@flowdesk.example',
    displayName: 'Agnė (network agent)',
    roles: ['agent'],
    groups: ['network'],
    serves: ['Baltic Retail UAB'],
  },
  // Routing gives a ticket only to someone who serves its organisation: Nordic's network tickets need Nils.
  {
    username: 'nils',
    password: 'nils-demo-pass',
    email: 'nils@flowdesk.example',
    displayName: 'Nils (network agent)',
    roles: ['agent'],
    groups: ['network'],
    serves: ['Nordic Logistics AS'],
  },
  {
    username: 'ieva',
    password: 'ieva-demo-pass',
    email: 'ieva@flowdesk.example',
    displayName: 'Ieva (field technician)',
    roles: ['technician'],
    groups: ['field-service'],
    serves: ['Baltic Retail UAB'],
  },
  {
    username: 'lukas',
    password: 'lukas-demo-pass',
    email: 'lukas@flowdesk.example',
    displayName: 'Lukas (field technician)',
    roles: ['technician'],
    groups: ['field-service'],
    serves: ['Nordic Logistics AS'],
  },
  {
    username: 'rita',
    password: 'rita-demo-pass',
    email: 'rita@baltic-retail.example',
    phone: '+370 612 34567',
    displayName: 'Rita (Baltic Retail)',
    roles: ['requester'],
    organization: 'Baltic Retail UAB',
    manager: 'paulius',
  },
  {
    username: 'paulius',
    password: 'paulius-demo-pass',
    email: 'paulius@baltic-retail.example',
    phone: '+370 612 76543',
    displayName: 'Paulius (Baltic Retail)',
    roles: ['requester'],
    organization: 'Baltic Retail UAB',
  },
  {
    username: 'erik',
    password: 'erik-demo-pass',
    email: 'erik@nordic-logistics.example',
    phone: '+47 912 34 567',
    displayName: 'Erik (Nordic Logistics)',
    roles: ['requester'],
    organization: 'Nordic Logistics AS',
  },
];

const DEMO_SITES: Array<{ organization: OrgName; name: string; address: string }> = [
  { organization: 'Baltic Retail UAB', name: 'Vilnius central store', address: 'Gedimino pr. 9, Vilnius' },
  { organization: 'Baltic Retail UAB', name: 'Kaunas branch', address: 'Laisvės al. 60, Kaunas' },
  { organization: 'Nordic Logistics AS', name: 'Oslo warehouse', address: 'Alnabru, Oslo' },
];

/**
 * Creates the demo organisations, groups, users, sites and contracts that are missing; running it
 * again changes nothing (existing users keep whatever password they were given since).
 */
export async function seedDemoIdentities(em: EntityManager): Promise<string[]> {
  setTenantScope(em, TenantScope.all('demo data seed'));
  const actor = systemActor('demo-data');
  const report: string[] = [];
  const customers = new CustomerService(em);
  const orgIds = new Map<string, string>();
  for (const name of DEMO_ORGANIZATIONS) {
    const org = (await em.findOne(Organization, { name })) ?? (await customers.createOrganization(actor, { name }));
    orgIds.set(name, org.id);
  }
  const groupIds = new Map<string, string>();
  for (const g of DEMO_GROUPS) {
    const group = (await em.findOne(Group, { key: g.key })) ?? (await new GroupService(em).create(actor, g));
    groupIds.set(g.key, group.id);
  }
  let created = 0;
  for (const u of DEMO_USERS) {
    if (await em.findOne(User, { username: u.username })) continue;
    await new UserService(em).create(actor, {
      username: u.username,
      displayName: u.displayName,
      password: u.password,
      ...(u.email ? { email: u.email } : {}),
      ...(u.phone ? { phone: u.phone } : {}),
      roles: u.roles,
      organizationId: u.organization ? orgIds.get(u.organization)! : null,
      groupIds: (u.groups ?? []).map((k) => groupIds.get(k)!),
      servedOrganizationIds: (u.serves ?? []).map((o) => orgIds.get(o)!),
    });
    created++;
  }
  // A second pass, as a manager may be created after the people they manage; set once, never overwritten.
  for (const u of DEMO_USERS.filter((d) => d.manager)) {
    const user = await em.findOne(User, { username: u.username });
    const manager = await em.findOne(User, { username: u.manager! });
    if (user && manager && !user.managerId) await new UserService(em).update(actor, user.id, { managerId: manager.id });
  }
  if (created) report.push(`created ${created} demo users in ${DEMO_ORGANIZATIONS.join(' and ')}`);
  if ((await em.count(Site, {})) === 0) {
    for (const s of DEMO_SITES)
      await customers.createSite(actor, { organizationId: orgIds.get(s.organization)!, name: s.name, address: s.address });
  }
  if ((await em.count(Contract, {})) === 0) {
    await customers.createContract(actor, {
      organizationId: orgIds.get('Baltic Retail UAB')!,
      name: 'Card terminals: 4-hour on-site response',
      responseHours: 4,
      validFrom: '2026-01-01',
      validTo: null,
    });
    await customers.createContract(actor, {
      organizationId: orgIds.get('Nordic Logistics AS')!,
      name: 'Warehouse IT: next business day',
      responseHours: 24,
      validFrom: '2026-01-01',
      validTo: null,
    });
  }
  return report;
}

/** The lines `npm start` prints so a newcomer can sign in. */
export function demoLoginLines(): string[] {
  return DEMO_USERS.map(
    (u) =>
      `  ${u.username.padEnd(8)} ${u.password.padEnd(18)} ${u.roles.join(', ').padEnd(14)} ${u.organization ?? (u.serves ? `serves ${u.serves.join(', ')}` : 'all organisations')}`,
  );
}
