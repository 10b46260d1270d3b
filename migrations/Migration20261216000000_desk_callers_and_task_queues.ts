import { Migration } from '@mikro-orm/migrations';

/**
 * The desk shows whom to call back (a caller's phone), and its group queues include every ticket whose
 * process waits at a user task for one of the agent's groups: the GIN index serves that `open_tasks @>`
 * containment test, so a queue stays one indexed query however many instances run.
 */
export class Migration20261216000000_desk_callers_and_task_queues extends Migration {
  override name = 'Migration20261216000000_desk_callers_and_task_queues';

  override up(): void {
    this.addSql('alter table app_user add column phone varchar(255) null');
    this.addSql(
      'create index process_instance_projection_open_tasks_index on process_instance_projection using gin (open_tasks jsonb_path_ops)',
    );
  }

  override down(): void {
    this.addSql('drop index process_instance_projection_open_tasks_index');
    this.addSql('alter table app_user drop column phone');
  }
}
