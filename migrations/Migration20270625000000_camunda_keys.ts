import { Migration } from '@mikro-orm/migrations';

const VISIBLE = 'organization_id is null or flowdesk_tenant_visible(organization_id)';

/**
 * Camunda's numeric keys. Camunda 8's clients read every key (`processInstanceKey`, `jobKey`, …) as a
 * 64-bit integer: the Java client with `Long.parseLong`, the generated TypeScript, Python and C#
 * clients against the pattern `^-?[0-9]+$`. Flowdesk's own references are uuids, `<uuid>.<n>` and
 * signed job tokens, so `/v2` answers each with a number from this table and reads numbers back
 * through it (service-catalog/camunda-keys). The numbers start where Zeebe's partition 1 starts, so
 * they look like the keys people know and stay below 2^53 (exact as a JavaScript number too).
 *
 * Row-level security: a key of an organisation's instance, task or job is found only within that
 * organisation's scopes; keys of shared things (process and decision definitions, forms, deployments)
 * have no organisation and are found by everyone signed in. The route the key leads to still checks
 * what the caller may see, as it does for a uuid.
 */
export class Migration20270625000000_camunda_keys extends Migration {
  override name = 'Migration20270625000000_camunda_keys';

  override up(): void {
    this.addSql('create sequence camunda_key_seq start with 2251799813685249');
    this.addSql(`create table camunda_key (
      key bigint primary key default nextval('camunda_key_seq'),
      ref varchar(2048) not null unique,
      organization_id uuid null,
      kind varchar(32) not null,
      created_at timestamptz not null default now())`);
    this.addSql('alter sequence camunda_key_seq owned by camunda_key.key');
    this.addSql("create index camunda_key_job_age on camunda_key (created_at) where kind = 'job'");
    this.addSql('alter table camunda_key enable row level security');
    this.addSql('alter table camunda_key force row level security');
    this.addSql(`create policy tenant_isolation on camunda_key using (${VISIBLE}) with check (${VISIBLE})`);
  }

  override down(): void {
    this.addSql('drop table camunda_key');
  }
}
