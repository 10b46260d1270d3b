import type { EntityManager } from '@mikro-orm/postgresql';
import { CatalogCategory } from '../../service-catalog/catalog/domain/catalog.entities';
import { CatalogService } from '../../service-catalog/catalog/domain/catalog-service';
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

/** A small catalog for the demo: a laptop and VPN access, for both demo customers. */
export async function seedDemoCatalog(em: EntityManager): Promise<string[]> {
  setTenantScope(em, TenantScope.all('demo data seed'));
  if (await em.count(CatalogCategory, {})) return [];
  const catalog = new CatalogService(em);
  const service = async (name: string) => (await em.findOneOrFail(Service, { name, organizationId: null })).id;
  const hardware = await catalog.createCategory(SEED_PRINCIPAL, { name: 'Hardware', description: 'Devices for your work', position: 1 });
  const access = await catalog.createCategory(SEED_PRINCIPAL, { name: 'Access', description: 'Accounts and permissions', position: 2 });
  await catalog.createItem(SEED_PRINCIPAL, {
    categoryId: hardware.id,
    serviceId: await service('Workplace devices'),
    name: 'Laptop',
    description: 'A standard 14" laptop, or a 16" one for heavy work; a docking station on request.',
    price: { amount: 1299, currency: 'EUR' },
    approvalPolicy: { kind: 'manager' },
    formSchema: {
      type: 'default',
      components: [
        {
          type: 'select',
          key: 'model',
          label: 'Model',
          values: [
            { label: 'Standard 14"', value: 'x14' },
            { label: 'Performance 16"', value: 'x16' },
          ],
          validate: { required: true },
        },
        { type: 'textfield', key: 'costCentre', label: 'Cost centre (CC-1234)', validate: { required: true, pattern: 'CC-[0-9]{4}' } },
        { type: 'checkbox', key: 'docking', label: 'With a docking station' },
        { type: 'datetime', key: 'neededBy', subtype: 'date', label: 'Needed by' },
      ],
    },
  });
  await catalog.createItem(SEED_PRINCIPAL, {
    categoryId: access.id,
    serviceId: await service('VPN'),
    name: 'VPN access',
    description: 'Remote access to the company network from your laptop.',
    approvalPolicy: { kind: 'none' },
    fulfilmentGroup: 'network',
    formSchema: {
      type: 'default',
      components: [{ type: 'textarea', key: 'reason', label: 'Why do you need it?', validate: { required: true, minLength: 10 } }],
    },
  });
  return ['created the demo catalog: Laptop, VPN access'];
}
