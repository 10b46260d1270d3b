import { Migration } from '@mikro-orm/migrations';

/**
 * Row-level security on the tables the earlier migrations left without (docs/identity.md): the
 * engine's and the API's bookkeeping, the audit log and the article counters. Same principal settings
 * as Migration20261217000000_row_level_security (`flowdesk.organization_ids`, `…include_unowned`,
 * `…tenant_bypass`, `…user_id`), same fail-closed rule: nothing set, nothing visible.
 *
 * - `event_subscription`: exactly when its process instance is (a call activity's child `<root>:<key>`
 *   counts as its root). The worker opens and closes subscriptions under a named bypass; a publisher's
 *   lookup now finds only the waiting instances its own scope sees.
 * - `buffered_message`: the row carries its publisher's scope (`visible_organization_ids`,
 *   `visible_unowned`); a scope reads and writes a message whose audience lies within its own. The
 *   worker takes messages under its bypass and matches them to the instance's organisation itself.
 * - `idempotency_record`: the actor whose retry it answers (`flowdesk.user_id`); a process's own (`process:<id>`)
 *   to scopes acting as no user (the worker's); or a bypass.
 * - `kb_article_counter`: exactly when its article is visible (a requester reading an article counts).
 * - `audit_log`: gains the organisation of the entity each entry records, filled by a trigger (a
 *   definer function that looks the entity up by its exact id); an entry about no customer's row is the
 *   writer's customer's (a requester's own act) or internal (staff, the worker, admins). Read under the
 *   tenant rule (an internal entry also by the actor it names); appended, never updated; removed only under a bypass.
 */
export const BOOKKEEPING_TENANT_TABLES = ['event_subscription', 'buffered_message', 'idempotency_record', 'kb_article_counter'] as const;

/** The audit log's entity names whose rows carry an organisation, and the table each lives in. */
const AUDITED_TABLES: Record<string, string> = {
  Approval: 'approval',
  BlackoutWindow: 'change_blackout_window',
  CatalogItem: 'catalog_item',
  CiRelation: 'ci_relation',
  ConfigurationItem: 'configuration_item',
  Contract: 'contract',
  KbArticle: 'kb_article',
  Organization: 'organization',
  ProcessInstance: 'process_instance',
  RoutingRule: 'routing_rule',
  Service: 'service',
  Site: 'site',
  SlaPolicy: 'sla_policy',
  Ticket: 'ticket',
  WebhookSubscription: 'webhook_subscription',
  User: 'app_user',
  WorkOrder: 'work_order',
};

const BYPASSED = 'flowdesk_tenant_bypassed()';
const VISIBLE = {
  event_subscription: `${BYPASSED} or exists (select 1 from process_instance i where i.id = flowdesk_uuid_or_null(split_part(process_instance_id, ':', 1)))`,
  buffered_message: `${BYPASSED} or (visible_organization_ids is not null and visible_organization_ids <@ flowdesk_scope_organizations() and (not visible_unowned or flowdesk_scope_unowned()))`,
  // A process creating a ticket is no user (`process:<id>`): its records are the worker's, whose scopes act as no user.
  idempotency_record: `${BYPASSED} or actor_id = nullif(current_setting('flowdesk.user_id', true), '') or (actor_id like 'process:%' and flowdesk_acting_user() is null)`,
  kb_article_counter: 'exists (select 1 from kb_article a where a.id = article_id)',
} satisfies Record<(typeof BOOKKEEPING_TENANT_TABLES)[number], string>;

// An entry about no row (or an internal one) that the reader made themselves is theirs too: a requester with no
// organisation sees no tenant rows yet writes (and, through `returning`, reads back) their own acts.
const AUDIT_VISIBLE = 'flowdesk_tenant_visible(organization_id) or (organization_id is null and actor_id = flowdesk_acting_user())';

export class Migration20261229000000_bookkeeping_row_level_security extends Migration {
  override name = 'Migration20261229000000_bookkeeping_row_level_security';

  override up(): void {
    this.addSql(`create function flowdesk_tenant_bypassed() returns boolean language sql stable parallel safe as $$
        select coalesce(current_setting('flowdesk.tenant_bypass', true), '') <> ''
      $$`);
    this.addSql(`create function flowdesk_scope_organizations() returns uuid[] language sql stable parallel safe as $$
        select coalesce(string_to_array(nullif(current_setting('flowdesk.organization_ids', true), ''), ',')::uuid[], '{}')
      $$`);
    this.addSql(`create function flowdesk_scope_unowned() returns boolean language sql stable parallel safe as $$
        select coalesce(current_setting('flowdesk.include_unowned', true), '') = 'on'
      $$`);
    // Ids arrive as text (workflow ids, audit entity ids); a malformed one names no row instead of failing the query.
    this.addSql(`create function flowdesk_uuid_or_null(p text) returns uuid language sql immutable parallel safe as $$
        select case when p ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then p::uuid end
      $$`);
    for (const [table, visible] of Object.entries(VISIBLE)) {
      this.addSql(`alter table ${table} enable row level security`);
      this.addSql(`alter table ${table} force row level security`);
      this.addSql(`create policy tenant_isolation on ${table} using (${visible}) with check (${visible})`);
    }

    this.addSql('alter table audit_log add column organization_id uuid null');
    this.addSql('create index audit_log_organization_id_index on audit_log (organization_id)');
    const tables = Object.entries(AUDITED_TABLES)
      .map(([entity, table]) => `when '${entity}' then '${table}'`)
      .join(' ');
    // The organisation of the row an entry records: (found, organisation). Owned by the tables' owner and
    // bypassing for the one exact-id read, since the writer's scope may not see a row it just deleted.
    this
      .addSql(`create function flowdesk_audited_organization(p_entity text, p_entity_id text, out is_found boolean, out organization_id uuid)
      language plpgsql stable security definer set search_path = public, pg_temp
      set flowdesk.tenant_bypass = 'audit entry: the organisation of the row it records' as $$
      declare
        -- A user task's id is \`<instance id>.<element instance key>\`: it belongs to its process instance's organisation.
        tbl text := case when p_entity = 'UserTask' then 'process_instance' else case p_entity ${tables} end end;
        key uuid := flowdesk_uuid_or_null(case when p_entity = 'UserTask' then split_part(p_entity_id, '.', 1) else p_entity_id end);
      begin
        is_found := false;
        if tbl is null or key is null then return; end if;
        execute format('select true, %I from %I where id = $1', case when tbl = 'organization' then 'id' else 'organization_id' end, tbl)
          into is_found, organization_id using key;
        is_found := coalesce(is_found, false);
      end $$`);
    // A requester's scope names exactly one organisation and no internal rows: their own act (a message,
    // a token) is theirs; a staff, worker or admin act on no customer's row is internal.
    this.addSql(`create function flowdesk_audit_log_organization() returns trigger language plpgsql as $$
      declare
        audited record;
        scope uuid[] := flowdesk_scope_organizations();
      begin
        select * into audited from flowdesk_audited_organization(new.entity, new.entity_id);
        if audited.is_found then
          new.organization_id := audited.organization_id;
        elsif cardinality(scope) = 1 and not flowdesk_scope_unowned() and not flowdesk_tenant_bypassed() then
          new.organization_id := scope[1];
        else
          new.organization_id := null;
        end if;
        return new;
      end $$`);
    this.addSql(
      'create trigger audit_log_organization before insert on audit_log for each row execute function flowdesk_audit_log_organization()',
    );
    this.addSql(`update audit_log l set organization_id = a.organization_id
      from audit_log e cross join lateral flowdesk_audited_organization(e.entity, e.entity_id) a where e.id = l.id and a.is_found`);
    this.addSql('alter table audit_log enable row level security');
    this.addSql('alter table audit_log force row level security');
    this.addSql(`create policy tenant_read on audit_log for select using (${AUDIT_VISIBLE})`);
    this.addSql(`create policy tenant_append on audit_log for insert with check (${AUDIT_VISIBLE})`);
    this.addSql(`create policy bypass_remove on audit_log for delete using (${BYPASSED})`);
  }

  override down(): void {
    for (const policy of ['tenant_read', 'tenant_append', 'bypass_remove']) this.addSql(`drop policy ${policy} on audit_log`);
    this.addSql('alter table audit_log no force row level security');
    this.addSql('alter table audit_log disable row level security');
    this.addSql('drop trigger audit_log_organization on audit_log');
    this.addSql('drop function flowdesk_audit_log_organization()');
    this.addSql('drop function flowdesk_audited_organization(text, text)');
    this.addSql('alter table audit_log drop column organization_id');
    for (const table of BOOKKEEPING_TENANT_TABLES) {
      this.addSql(`drop policy tenant_isolation on ${table}`);
      this.addSql(`alter table ${table} no force row level security`);
      this.addSql(`alter table ${table} disable row level security`);
    }
    for (const fn of [
      'flowdesk_uuid_or_null(text)',
      'flowdesk_scope_unowned()',
      'flowdesk_scope_organizations()',
      'flowdesk_tenant_bypassed()',
    ])
      this.addSql(`drop function ${fn}`);
  }
}
