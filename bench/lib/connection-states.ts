import type { Execute } from './queue-watch';

/**
 * What the desk's database connections were doing over a phase, sampled from `pg_stat_activity`: running
 * a statement, waiting for a lock another transaction holds, or sitting in an open transaction waiting for
 * their client (the API or a worker) to send the next statement. When a phase is slower than its CPU
 * allows, this says whether transactions queue on each other (locks: hot rows, the routing lock) or wait for
 * busy Node processes; the statements most often found waiting for a lock name the rows.
 *
 * An open transaction that has written (it has a transaction id) holds its row locks while it waits; one
 * that has only read holds nothing others wait for, and is most often a read whose `commit` the pipelined
 * client sends with the connection's next statement (service-catalog/db/pipelined-client.ts).
 */
export interface ConnectionRow {
  state: string | null;
  waitEventType: string | null;
  /** Whether its transaction has written (PostgreSQL gave it a transaction id). */
  wrote: boolean;
  /** The statement's first words, literals as sent. */
  query: string;
}

export interface ConnectionStates {
  samples: number;
  /** Mean connections per sample in each condition. */
  running: number;
  waitingForLock: number;
  /** Of which holding writes (and their row locks) open, and only reads. */
  waitingForClient: { wrote: number; read: number };
  /** Statements found waiting for a lock, most often first (their text up to the first literal). */
  lockWaiters: Array<{ statement: string; share: number }>;
}

/** One reading: every client backend of this database but the sampler's own, that is not idle. */
const SAMPLE = `select state, wait_event_type, backend_xid is not null as wrote, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
  from pg_stat_activity
 where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid() and state <> 'idle'`;

export class ConnectionSampler {
  private readonly readings: ConnectionRow[][] = [];
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly execute: Execute,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const rows = await this.execute(SAMPLE, []);
        this.readings.push(
          rows.map((r) => ({
            state: r.state === null ? null : String(r.state),
            waitEventType: r.wait_event_type === null ? null : String(r.wait_event_type),
            wrote: r.wrote === true,
            query: String(r.query ?? ''),
          })),
        );
        await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
      }
    })();
  }

  async stop(): Promise<ConnectionStates> {
    this.running = false;
    await this.loop;
    return summarizeConnections(this.readings);
  }
}

/** Means per reading; a statement is named by its text up to its first literal or parameter. */
export function summarizeConnections(readings: ConnectionRow[][]): ConnectionStates {
  const n = readings.length;
  let running = 0;
  let waitingForLock = 0;
  const waitingForClient = { wrote: 0, read: 0 };
  const waiters = new Map<string, number>();
  for (const row of readings.flat()) {
    if (row.waitEventType === 'Lock') {
      waitingForLock++;
      const statement = statementOf(row.query);
      waiters.set(statement, (waiters.get(statement) ?? 0) + 1);
    } else if (row.state === 'idle in transaction' || row.state === 'idle in transaction (aborted)')
      waitingForClient[row.wrote ? 'wrote' : 'read']++;
    else if (row.state === 'active') running++;
  }
  const mean = (count: number) => (n ? count / n : NaN);
  return {
    samples: n,
    running: mean(running),
    waitingForLock: mean(waitingForLock),
    waitingForClient: { wrote: mean(waitingForClient.wrote), read: mean(waitingForClient.read) },
    lockWaiters: [...waiters]
      .map(([statement, count]) => ({ statement, share: count / waitingForLock }))
      .sort((a, b) => b.share - a.share || a.statement.localeCompare(b.statement)),
  };
}

function statementOf(query: string): string {
  const cut = query.search(/'|\$\d|\(\$|\bvalues\b/i);
  return (cut < 0 ? query : query.slice(0, cut)).trim().slice(0, 60);
}

export function formatConnectionStates(c: ConnectionStates): string {
  const waiters = c.lockWaiters
    .slice(0, 3)
    .map((w) => `${Math.round(w.share * 100)}% ${w.statement}`)
    .join('; ');
  return (
    `connections (mean of ${c.samples} samples): ${c.running.toFixed(1)} running, ${c.waitingForLock.toFixed(1)} waiting for a lock, ` +
    `in a transaction waiting for their client ${c.waitingForClient.wrote.toFixed(1)} after writing, ${c.waitingForClient.read.toFixed(1)} after reading only` +
    `${waiters ? `; waiting for a lock: ${waiters}` : ''}`
  );
}
