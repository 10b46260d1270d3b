import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantScope, setTenantScope } from '../../service-catalog/db/tenant';
import { Organization } from '../../service-catalog/identity/domain/organization.entity';
import type { Principal } from '../../service-catalog/identity/domain/principal';
import { ServiceService } from '../../service-catalog/services/domain/service-service';
import { Service } from '../../service-catalog/services/domain/service.entity';
import { DEMO_ORGANIZATIONS } from './demo-identities';

/** The provider's services every demo customer uses, and who supports each. */
export const DEMO_SERVICES: Array<{ name: string; kind: 'business' | 'technical'; supportGroup: string; description: string }> = [
  { name: 'E-mail', kind: 'business', supportGroup: 'service-desk', description: 'Mailboxes, calendars and distribution lists' },
  { name: 'VPN', kind: 'business', supportGroup: 'network', description: 'Remote access to the company network' },
  { name: 'Printing', kind: 'business', supportGroup: 'service-desk', description: 'Office printers and print queues' },
  { name: 'WMS', kind: 'business', supportGroup: 'network', description: 'The warehouse management system' },
  { name: 'Card terminals', kind: 'business', supportGroup: 'field-service', description: 'Payment terminals in the stores' },
  { name: 'Workplace devices', kind: 'business', supportGroup: 'service-desk', description: 'Laptops, monitors, phones' },
  { name: 'Firewall', kind: 'technical', supportGroup: 'network', description: 'Perimeter firewalls the business services run behind' },
];

/** The seed acts as the system, with every tenant in view. */
export const SEED_PRINCIPAL: Principal = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'demo-data',
  displayName: 'Demo data',
  roles: ['admin'],
  organizationId: null,
  servedOrganizationIds: [],
  groupKeys: [],
  via: 'system',
};

/** Creates the demo services that are missing, serving both demo customers; running it again changes nothing. */
export async function seedDemoServices(em: EntityManager): Promise<string[]> {
  setTenantScope(em, TenantScope.all('demo data seed'));
  const customers = (await em.find(Organization, { name: { $in: [...DEMO_ORGANIZATIONS] } })).map((o) => o.id);
  const services = new ServiceService(em);
  let created = 0;
  for (const s of DEMO_SERVICES) {
    if (await em.findOne(Service, { name: s.name, organizationId: null })) continue;
    await services.create(SEED_PRINCIPAL, { ...s, customerOrganizationIds: customers });
    created++;
  }
  return created ? [`created ${created} demo services`] : [];
}
