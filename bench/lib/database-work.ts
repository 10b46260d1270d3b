import type { Execute } from './queue-watch';

/**
 * What the database did over a span, from PostgreSQL's own counters (pg_stat_database and
 * pg_stat_user_tables of the bench's database): transactions, rows read, and the sequential scans by
 * table. Divided by the incidents of the span, it says where an incident's database work goes, and a
 * scan whose rows grow from one phase to the next is work that grows with the desk's age.
 *
 * The counters include the bench's own queue polls. A backend reports its counters at most once a
 * second, so {@link databaseWork} waits that out before its second reading.
 */
export interface DatabaseCounters {
  transactions: number;
  rowsRead: number;
  tables: Map<string, { seqScans: number; seqRows: number }>;
}

export interface DatabaseWork {
  transactions: number;
  rowsRead: number;
  /** Tables scanned sequentially over the span, most rows first. */
  seqScans: Array<{ table: string; scans: number; rows: number }>;
}

const REPORT_INTERVAL_MS = 1_100;

export async function databaseCounters(execute: Execute): Promise<DatabaseCounters> {
  const [db] = await execute(
    `select xact_commit + xact_rollback as transactions, tup_returned as rows_read
       from pg_stat_database where datname = current_database()`,
    [],
  );
  const tables = await execute(
    `select relname, coalesce(seq_scan, 0) as seq_scans, coalesce(seq_tup_read, 0) as seq_rows
       from pg_stat_user_tables`,
    [],
  );
  return {
    transactions: Number(db?.transactions ?? NaN),
    rowsRead: Number(db?.rows_read ?? NaN),
    tables: new Map(tables.map((t) => [String(t.relname), { seqScans: Number(t.seq_scans), seqRows: Number(t.seq_rows) }])),
  };
}

/** The work since `before`, per one of `count` things (incidents); waits for the backends' next report first. */
export async function databaseWork(execute: Execute, before: DatabaseCounters, count: number): Promise<DatabaseWork> {
  await new Promise((resolve) => setTimeout(resolve, REPORT_INTERVAL_MS));
  const after = await databaseCounters(execute);
  const seqScans = [...after.tables]
    .map(([table, t]) => {
      const was = before.tables.get(table) ?? { seqScans: 0, seqRows: 0 };
      return { table, scans: (t.seqScans - was.seqScans) / count, rows: (t.seqRows - was.seqRows) / count };
    })
    .filter((s) => s.scans > 0)
    .sort((a, b) => b.rows - a.rows || b.scans - a.scans);
  return {
    transactions: (after.transactions - before.transactions) / count,
    rowsRead: (after.rowsRead - before.rowsRead) / count,
    seqScans,
  };
}

export function formatDatabaseWork(work: DatabaseWork, top = 4): string {
  const scans = work.seqScans
    .slice(0, top)
    .map((s) => `${s.table} ${s.scans.toFixed(1)}× ${s.rows.toFixed(0)} rows`)
    .join(', ');
  return `${work.transactions.toFixed(1)} transactions, ${work.rowsRead.toFixed(0)} rows read; sequential scans: ${scans || 'none'}`;
}
