import { Migration } from '@mikro-orm/migrations';

/**
 * Backlog by age (service-catalog/kpis/domain/backlog-report.ts) reads `ticket_backlog_daily` one span
 * class at a time over a range of creation days. The span index gave it the range but sent each row
 * to the heap for the keys, the filters' and the tenant's columns and the count: at 1,000,000 tickets
 * a year-end backlog is ~12,500 rows spread over most of the table's pages. This index holds all the
 * report reads, so each class is an index-only range (the tenant policy's column included, as the
 * policy is checked on the index tuple). It replaces the span index, whose keys it starts with.
 *
 * `tickets` changes on every write of the sums, so those updates can no longer be HOT: one more index
 * entry per write, the price of reading no heap.
 */
export class Migration20270510000000_backlog_span_covering_index extends Migration {
  override up(): void {
    this.addSql(
      `create index ticket_backlog_daily_span_covering on ticket_backlog_daily (span_class, created_day)
         include (open_until, organization_id, assignment_group, assignee_id, service, priority, tickets)`,
    );
    this.addSql('drop index ticket_backlog_daily_span_index');
  }

  override down(): void {
    this.addSql('create index ticket_backlog_daily_span_index on ticket_backlog_daily (span_class, created_day)');
    this.addSql('drop index ticket_backlog_daily_span_covering');
  }
}
