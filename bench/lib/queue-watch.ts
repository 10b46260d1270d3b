/** Runs one SQL statement with `?` placeholders and returns its rows. */
export type Execute = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * "In the group queue", concretely: the ticket has an assignment group, so GET /tickets?queue=my-groups
 * lists it for that group's agents, and its process instance's projection lists at least one open user
 * task, so the process waits for a person. Whatever the diagram does before (logging, DMN priority,
 * SLA clocks, routing service tasks that write the group), this is the moment an agent can pick it up.
 */
export const QUEUE_DEFINITION =
  "the ticket has an assignment group (GET /tickets?queue=my-groups lists it for that group's agents) and its process " +
  "instance's projection (process_instance_projection, written by the workflow at every wait state) lists ≥1 open user task";

// One batched statement over every ticket still awaited; ticket by primary key, projection by primary key.
const QUEUED = `
  select t.id from ticket t
  join process_instance_projection p on p.instance_id = t.process_instance_id
  where t.id = any(?::uuid[]) and t.assignment_group is not null and jsonb_array_length(p.open_tasks) > 0`;

export interface PollStats {
  polls: number;
  meanPeriodMs: number;
  maxPeriodMs: number;
  meanQueryMs: number;
  maxQueryMs: number;
}

/**
 * Polls for awaited tickets entering the queue, every `intervalMs` (or back to back when a query takes
 * longer). A ticket is stamped with the start time of the first poll that sees it, so a figure is late
 * by at most one poll period: the resolution.
 */
export class QueueWatch {
  private readonly awaited = new Map<string, number>();
  readonly seenAt = new Map<string, number>();
  /** Tickets already in the queue at the first poll after their 201: they may have got there sooner. */
  readonly seenAtFirstPoll = new Set<string>();
  private polls = 0;
  /** Time between consecutive polls (gaps while nothing was awaited are not periods). */
  private readonly periods: number[] = [];
  private readonly queryMs: number[] = [];
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly execute: Execute,
    private readonly intervalMs: number,
  ) {}

  /** Start watching a ticket once its create returned 201. */
  await(ticketId: string): void {
    this.awaited.set(ticketId, this.polls);
  }

  get pending(): number {
    return this.awaited.size;
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Resolves when nothing is awaited any more, or after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (this.awaited.size > 0 && performance.now() < deadline) await sleep(this.intervalMs);
    return this.awaited.size === 0;
  }

  stats(): PollStats {
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
    return {
      polls: this.polls,
      meanPeriodMs: mean(this.periods),
      maxPeriodMs: max(this.periods),
      meanQueryMs: mean(this.queryMs),
      maxQueryMs: max(this.queryMs),
    };
  }

  private async run(): Promise<void> {
    let next = performance.now();
    let previousPoll: number | undefined;
    while (this.running) {
      const startedAt = performance.now();
      if (this.awaited.size === 0) previousPoll = undefined;
      else {
        const pollIndex = this.polls++;
        if (previousPoll !== undefined) this.periods.push(startedAt - previousPoll);
        previousPoll = startedAt;
        const rows = await this.execute(QUEUED, [`{${[...this.awaited.keys()].join(',')}}`]);
        this.queryMs.push(performance.now() - startedAt);
        for (const row of rows) {
          const id = String(row.id);
          if (this.awaited.get(id) === pollIndex) this.seenAtFirstPoll.add(id);
          this.awaited.delete(id);
          this.seenAt.set(id, startedAt);
        }
      }
      next += this.intervalMs;
      await sleep(Math.max(0, next - performance.now()));
      if (next < performance.now() - this.intervalMs) next = performance.now(); // fell behind: do not burst to catch up
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
