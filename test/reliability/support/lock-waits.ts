/**
 * Watches the database for sessions waiting on a lock, and for transactions left idle while they hold
 * locks, during a long run: the soak's workflow tasks once took 8 s (the local-activity heartbeat), and
 * a local activity waiting on a row that an API request holds while it awaits the same workflow would
 * look exactly like that. Sampling pg_stat_activity names the waiting and the blocking statements.
 */
import { Client } from 'pg';

type Pair = { waiting: string; blocking: string; samples: number; longestMs: number };

export class LockWaitSampler {
  private readonly pairs = new Map<string, Pair>();
  private idleInTransaction = { samples: 0, longestMs: 0, query: '' };
  private samples = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly databaseUrl: string) {}

  start(everyMs = 500): void {
    this.loop = (async () => {
      const db = new Client({ connectionString: this.databaseUrl });
      await db.connect();
      try {
        while (!this.stopped) {
          await this.sample(db).catch(() => undefined);
          await new Promise((r) => setTimeout(r, everyMs));
        }
      } finally {
        await db.end();
      }
    })();
  }

  private async sample(db: Client): Promise<void> {
    this.samples++;
    const { rows } = await db.query<{ waiting: string; blocking: string | null; ms: number }>(
      `select left(regexp_replace(w.query, '\\s+', ' ', 'g'), 110) as waiting,
              left(regexp_replace(b.query, '\\s+', ' ', 'g'), 110) || ' [' || b.state || ']' as blocking,
              extract(epoch from now() - w.query_start) * 1000 as ms
         from pg_stat_activity w
         left join lateral unnest(pg_blocking_pids(w.pid)) as bp(pid) on true
         left join pg_stat_activity b on b.pid = bp.pid
        where w.wait_event_type = 'Lock' and w.pid <> pg_backend_pid()`,
    );
    for (const r of rows) {
      const key = `${r.waiting} ⟵ ${r.blocking ?? '?'}`;
      const pair = this.pairs.get(key) ?? { waiting: r.waiting, blocking: r.blocking ?? '?', samples: 0, longestMs: 0 };
      pair.samples++;
      pair.longestMs = Math.max(pair.longestMs, Number(r.ms));
      this.pairs.set(key, pair);
    }
    const { rows: idle } = await db.query<{ ms: number; query: string }>(
      `select extract(epoch from now() - xact_start) * 1000 as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
         from pg_stat_activity where state = 'idle in transaction' and now() - xact_start > interval '1 second'
        order by xact_start limit 1`,
    );
    if (idle[0]) {
      this.idleInTransaction.samples++;
      if (Number(idle[0].ms) > this.idleInTransaction.longestMs)
        this.idleInTransaction = { ...this.idleInTransaction, longestMs: Number(idle[0].ms), query: idle[0].query };
    }
  }

  async stop(): Promise<string> {
    this.stopped = true;
    await this.loop;
    const top = [...this.pairs.values()].sort((a, b) => b.samples - a.samples).slice(0, 8);
    return (
      `lock waits: ${top.reduce((n, p) => n + p.samples, 0)} waiting sessions seen in ${this.samples} samples; ` +
      `idle in transaction >1 s in ${this.idleInTransaction.samples} samples (longest ${Math.round(this.idleInTransaction.longestMs)} ms: ${this.idleInTransaction.query})\n` +
      top.map((p) => `  ${p.samples}× up to ${Math.round(p.longestMs)} ms: ${p.waiting}\n      blocked by ${p.blocking}`).join('\n')
    );
  }
}
