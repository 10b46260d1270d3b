import { Migration } from '@mikro-orm/migrations';

/**
 * Rate limits shared by every API node (issue 21): one token bucket per scope and key (a user, an API
 * token, a client address, a username at sign-in). In memory, N API nodes behind a load balancer would
 * each allow the rate, N times the limit in all. No organisation column: a key names a caller, not a
 * customer's data, so row-level security has nothing to bind.
 */
export class Migration20270203000000_shared_rate_limits extends Migration {
  override name = 'Migration20270203000000_shared_rate_limits';

  override up(): void {
    this.addSql(`create table rate_limit_bucket (
      scope varchar(32) not null,
      key varchar(512) not null,
      tokens double precision not null,
      capacity double precision not null,
      refill_per_sec double precision not null,
      allowed boolean not null,
      refilled_at timestamptz not null,
      primary key (scope, key)
    )`);
    // The prune deletes buckets that have refilled; it scans by age.
    this.addSql(`create index rate_limit_bucket_refilled_at_index on rate_limit_bucket (refilled_at)`);
  }

  override down(): void {
    this.addSql(`drop table rate_limit_bucket`);
  }
}
