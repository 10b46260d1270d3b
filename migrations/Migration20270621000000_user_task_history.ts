import { Migration } from '@mikro-orm/migrations';

/** Visible and writable exactly when its instance is, as the instance's projection. */
const VISIBLE = 'exists (select 1 from process_instance i where i.id = instance_id)';

/**
 * The user tasks that have ended, for Camunda's task search by state: one row per task, written by the
 * instance's projection activity when a projection names it (`closedTasks`), the task as it stood when
 * it ended. Open tasks stay in the projection's `open_tasks`; a task is in one place or the other.
 */
export class Migration20270621000000_user_task_history extends Migration {
  override name = 'Migration20270621000000_user_task_history';

  override up(): void {
    this.addSql(`create table user_task_history (
      instance_id uuid not null,
      element_instance_key int not null,
      state varchar(16) not null,
      task jsonb not null,
      completed_at timestamptz not null,
      primary key (instance_id, element_instance_key))`);
    this.addSql('create index user_task_history_completed_at on user_task_history (completed_at)');
    this.addSql('alter table user_task_history enable row level security');
    this.addSql('alter table user_task_history force row level security');
    this.addSql(`create policy tenant_isolation on user_task_history using (${VISIBLE}) with check (${VISIBLE})`);
  }

  override down(): void {
    this.addSql('drop table user_task_history');
  }
}
