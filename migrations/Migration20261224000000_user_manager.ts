import { Migration } from '@mikro-orm/migrations';

/**
 * A user's line manager (issue 17): a service request whose catalog item asks for the manager's
 * approval goes to the requester's manager. Nullable: most accounts have none, and a request from
 * someone without a manager is approved by the fulfilment group instead (service-request.bpmn).
 * Removing a manager's account leaves the people they managed without one rather than failing.
 */
export class Migration20261224000000_user_manager extends Migration {
  override name = 'Migration20261224000000_user_manager';

  override up(): void {
    this.addSql('alter table app_user add column manager_id uuid null references app_user(id) on delete set null');
    this.addSql('alter table app_user add constraint app_user_not_own_manager check (manager_id is null or manager_id <> id)');
  }

  override down(): void {
    this.addSql('alter table app_user drop column manager_id');
  }
}
