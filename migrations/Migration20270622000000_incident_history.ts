import { Migration } from '@mikro-orm/migrations';

/** Visible and writable exactly when its instance is, as the instance's projection. */
const VISIBLE = 'exists (select 1 from process_instance i where i.id = instance_id)';

/**
 * The incidents that have been resolved, for Camunda's incident search by state: one row per incident,
 * written by the instance's projection activity when a projection names it (`resolvedIncidents`). Open
 * incidents stay in the projection's `incidents`; an incident is in one place or the other.
 */
export class Migration20270622000000_incident_history extends Migration {
  override name = 'Migration20270622000000_incident_history';

  override up(): void {
    this.addSql(`create table incident_history (
      instance_id uuid not null,
      incident_key int not null,
      incident jsonb not null,
      resolved_at timestamptz not null,
      primary key (instance_id, incident_key))`);
    this.addSql('alter table incident_history enable row level security');
    this.addSql('alter table incident_history force row level security');
    this.addSql(`create policy tenant_isolation on incident_history using (${VISIBLE}) with check (${VISIBLE})`);
  }

  override down(): void {
    this.addSql('drop table incident_history');
  }
}
