import { Migration } from '@mikro-orm/migrations';

/**
 * Services and the service catalog (issue 18), and tickets, SLA policies and routing rules that name a
 * service by id instead of free text.
 *
 * A service or a catalog item belongs to the provider (`organization_id` null) or to one customer; the
 * provider's rows are offered to customers by a list (`customer_organization_ids` of a service: the
 * customers it serves; `visible_organization_ids` of an item: the customers who may order it, empty for
 * every customer). Row-level security therefore reads both: `flowdesk_tenant_offered` is true where the
 * row is the caller's tenant's (`flowdesk_tenant_visible`, as on every tenant table) or where it is the
 * provider's and offered to one of the caller's organisations. Writes stay with
 * `flowdesk_tenant_visible`: offering a row to a customer never lets that customer change it. With no
 * organisation set at all, nothing is offered (fails closed like the other policies).
 *
 * Today's strings become services: every distinct service text (trimmed, compared without case) of
 * tickets, SLA policies and routing rules becomes one provider service, serving each organisation whose
 * tickets, policies or rules used it. One row per text rather than per organisation, so a policy or a
 * rule "for VPN" that named no customer still applies to every customer's VPN tickets after the move.
 * Tickets keep the text as the service's name (shown, searched, used in mail templates) beside the new
 * `service_id`; SLA policies and routing rules lose their text column: they match by id.
 */
/** The tables this migration adds that hold a customer organisation's rows (all FORCE row-level security). */
export const CATALOG_TENANT_TABLES = ['service', 'catalog_item', 'catalog_request'] as const;

export class Migration20261222000000_services_and_catalog extends Migration {
  override name = 'Migration20261222000000_services_and_catalog';

  override up(): void {
    this.addSql(`create table service (
      id uuid primary key,
      organization_id uuid null references organization(id),
      name varchar(120) not null,
      kind varchar(20) not null,
      description text not null default '',
      owner_id uuid null references app_user(id),
      support_group varchar(63) null,
      sla_policy_id uuid null references sla_policy(id) on delete set null,
      status varchar(20) not null,
      customer_organization_ids uuid[] not null default '{}',
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql(
      `create unique index service_name_unique on service ((coalesce(organization_id, '00000000-0000-0000-0000-000000000000')), lower(name))`,
    );
    this.addSql('create index service_organization_id_index on service (organization_id)');
    this.addSql('create index service_customers_index on service using gin (customer_organization_ids)');

    this.addSql(`create table catalog_category (
      id uuid primary key,
      name varchar(120) not null unique,
      description text not null default '',
      position int not null default 0,
      created_at timestamptz not null)`);
    this.addSql(`create table catalog_item (
      id uuid primary key,
      organization_id uuid null references organization(id),
      category_id uuid not null references catalog_category(id),
      service_id uuid null references service(id),
      name varchar(120) not null,
      description text not null default '',
      form_schema jsonb not null,
      price_amount numeric(12,2) null,
      price_currency varchar(3) null,
      approval_policy jsonb not null,
      visible_organization_ids uuid[] not null default '{}',
      visible_roles text[] not null default '{}',
      process_id varchar(255) not null,
      fulfilment_group varchar(63) null,
      active boolean not null default true,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql('create index catalog_item_organization_id_index on catalog_item (organization_id)');
    this.addSql('create index catalog_item_category_index on catalog_item (category_id)');
    this.addSql('create index catalog_item_visible_index on catalog_item using gin (visible_organization_ids)');

    // An order from the catalog: the answers given, beside the request ticket they raised.
    this.addSql(`create table catalog_request (
      id uuid primary key,
      ticket_id uuid not null unique references ticket(id) on delete cascade,
      catalog_item_id uuid not null references catalog_item(id),
      catalog_item_name varchar(120) not null,
      answers jsonb not null,
      organization_id uuid null references organization(id),
      created_at timestamptz not null)`);
    this.addSql('create index catalog_request_organization_id_index on catalog_request (organization_id)');
    this.addSql('alter table catalog_request enable row level security');
    this.addSql('alter table catalog_request force row level security');
    this.addSql(
      'create policy tenant_isolation on catalog_request using (flowdesk_tenant_visible(organization_id)) with check (flowdesk_tenant_visible(organization_id))',
    );

    this
      .addSql(`create or replace function flowdesk_tenant_offered(owner uuid, audience uuid[], everyone_when_empty boolean) returns boolean
      language sql stable parallel safe as $$
        select flowdesk_tenant_visible(owner)
          or (owner is null
            and nullif(current_setting('flowdesk.organization_ids', true), '') is not null
            and ((everyone_when_empty and cardinality(audience) = 0)
              or audience && string_to_array(current_setting('flowdesk.organization_ids', true), ',')::uuid[]))
      $$`);
    for (const [table, audience, everyone] of [
      ['service', 'customer_organization_ids', 'false'],
      ['catalog_item', 'visible_organization_ids', 'true'],
    ] as const) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (flowdesk_tenant_offered(organization_id, ${audience}, ${everyone})) with check (flowdesk_tenant_visible(organization_id))`,
      );
    }

    // Today's strings → services (see above), then every reference by id. The owner of the tables is
    // bound by the FORCEd policies too: this data move names itself, transaction-locally, as the seeds do.
    this.addSql(`select set_config('flowdesk.tenant_bypass', 'migration: services from ticket strings', true)`);
    this.addSql(`insert into service (id, organization_id, name, kind, status, customer_organization_ids, created_at, updated_at)
      select gen_random_uuid(), null, min(name), 'business', 'live',
             coalesce(array_agg(distinct org) filter (where org is not null), '{}'), now(), now()
        from (select trim(service) as name, organization_id as org from ticket
              union all select trim(service), organization_id from sla_policy
              union all select trim(service), organization_id from routing_rule) used
       where name is not null and name <> ''
       group by lower(name)`);
    this.addSql('alter table ticket add column service_id uuid null references service(id)');
    this.addSql('create index ticket_service_id_index on ticket (service_id)');
    this.addSql('alter table sla_policy add column service_id uuid null references service(id)');
    this.addSql('alter table routing_rule add column service_id uuid null references service(id)');
    for (const table of ['ticket', 'sla_policy', 'routing_rule']) {
      this.addSql(`update ${table} t set service_id = s.id from service s
        where s.organization_id is null and lower(s.name) = lower(trim(t.service))`);
    }
    // Tickets keep the text as the service's name, spelt as the service spells it.
    this.addSql('update ticket t set service = s.name from service s where s.id = t.service_id');
    this.addSql('alter table sla_policy drop column service');
    this.addSql('alter table routing_rule drop column service');
  }

  override down(): void {
    this.addSql('alter table sla_policy add column service varchar(255) null');
    this.addSql('alter table routing_rule add column service varchar(255) null');
    this.addSql('update sla_policy p set service = s.name from service s where s.id = p.service_id');
    this.addSql('update routing_rule r set service = s.name from service s where s.id = r.service_id');
    this.addSql('alter table routing_rule drop column service_id');
    this.addSql('alter table sla_policy drop column service_id');
    this.addSql('alter table ticket drop column service_id');
    this.addSql('drop table catalog_request');
    this.addSql('drop table catalog_item');
    this.addSql('drop table catalog_category');
    this.addSql('drop table service');
    this.addSql('drop function flowdesk_tenant_offered(uuid, uuid[], boolean)');
  }
}
