import { Migration } from '@mikro-orm/migrations';

/**
 * Why an instance was terminated instead of cancelled (its workflow could not take the cancel), for
 * operate: the reason the person gave and the cause, written by the API since the workflow cannot.
 */
export class Migration20261215000000_instance_termination extends Migration {
  override name = 'Migration20261215000000_instance_termination';

  override up(): void {
    this.addSql('alter table process_instance_projection add column termination jsonb null');
  }

  override down(): void {
    this.addSql('alter table process_instance_projection drop column termination');
  }
}
