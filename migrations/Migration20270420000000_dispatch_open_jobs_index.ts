import { Migration } from '@mikro-orm/migrations';

const OPEN_ASSIGNED = ['scheduled', 'dispatched', 'accepted', 'travelling', 'on_site', 'signed_off'].map((s) => `'${s}'`).join(', ');

/**
 * Dispatch suggestions (service-catalog/field-service/domain/dispatch-suggestions.ts) read every open
 * assigned job once per call for each technician's load and window clashes. A partial index holding
 * exactly those rows, with the columns the statement and the tenant policy read, lets PostgreSQL
 * answer that part from the index alone instead of visiting a heap page per job.
 */
export class Migration20270420000000_dispatch_open_jobs_index extends Migration {
  override up(): void {
    this.addSql(
      `create index work_order_open_assigned_index on work_order (technician_id)
         include (id, organization_id, window_starts_at, window_ends_at, status)
         where technician_id is not null and status in (${OPEN_ASSIGNED})`,
    );
  }

  override down(): void {
    this.addSql('drop index work_order_open_assigned_index');
  }
}
