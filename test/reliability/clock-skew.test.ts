/**
 * The worker's clock five minutes fast, then five minutes slow (a restart in between, as a worker on
 * another machine would be): SLA deadlines are exactly those the API computes for the same ticket with
 * a true clock, and a pause stamped by the fast worker and resumed by the slow one moves them by the
 * real time the clock stood still, not by the ten minutes between the two clocks.
 */
import { FaultCluster, sleep } from './support/fault-cluster';
import { DeskClient } from './support/desk-client';
import { newTag, raiseIncidents, settle, type Raised } from './support/incident-run';

const SKEW_MS = 5 * 60_000;
const ALWAYS_OPEN = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '24:00' }]]));

interface TicketRow {
  number: string;
  created_at: Date;
  priority: string;
  organization_id: string;
  state: string;
  response_due_at: Date;
  resolution_warning_at: Date;
  resolution_due_at: Date;
  sla_paused_at: Date | null;
  sla_paused_ms: string | null;
}

describe('a worker whose clock is off by ±5 minutes', () => {
  let cluster: FaultCluster;
  let client: DeskClient;

  beforeAll(async () => {
    cluster = await FaultCluster.start({ workerEnv: { FLOWDESK_TEST_CLOCK_SKEW_MS: String(SKEW_MS) } });
    client = new DeskClient(() => cluster.apiUrl);
    // Round the clock, so every real millisecond the clock stands still counts whenever the test runs.
    const calendar = await client.request('admin', 'POST', '/business-calendars', {
      name: 'Always open (clock test)',
      definition: { timeZone: 'UTC', weekly: ALWAYS_OPEN },
    });
    expect(calendar.status).toBe(201);
    const policy = await client.request('admin', 'POST', '/sla-policies', {
      name: 'VPN round the clock',
      service: 'VPN',
      calendarId: calendar.body.id,
      responseTarget: 'PT1H',
      resolutionTarget: 'PT8H',
    });
    expect(policy.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  const tickets = async (raised: Raised[]) =>
    cluster.query<TicketRow>(
      `select number, created_at, priority, organization_id, state, response_due_at, resolution_warning_at, resolution_due_at, sla_paused_at, sla_paused_ms from ticket where title = any(?::text[]) order by title`,
      [`{${raised.map((r) => `"${r.title}"`).join(',')}}`],
    );

  /** The deadlines the API (true clock) computes for the ticket's opening instant. */
  const expectTrueDeadlines = async (rows: TicketRow[]) => {
    for (const t of rows) {
      const truth = await client.request('marta', 'POST', '/sla/deadlines', {
        openedAt: new Date(t.created_at).toISOString(),
        priority: t.priority,
        service: 'VPN',
        organizationId: t.organization_id,
      });
      expect(truth.status).toBe(200);
      expect({
        number: t.number,
        response: iso(t.response_due_at),
        warning: iso(t.resolution_warning_at),
        resolution: iso(t.resolution_due_at),
      }).toEqual({
        number: t.number,
        response: truth.body.responseDueAt,
        warning: truth.body.resolutionWarningAt,
        resolution: truth.body.resolutionDueAt,
      });
    }
  };

  it('moves no SLA deadline', async () => {
    // Given incidents whose SLA clock a worker five minutes fast started
    const tag = newTag();
    const fast = await raiseIncidents({ cluster, client, tag, count: 3, ratePerSec: 3 });
    expect((await settle(cluster, tag, fast, 120_000)).inQueueOrFurther).toBe(3);
    const [first] = await tickets(fast);
    await expectTrueDeadlines(await tickets(fast));

    // When an agent waits for the caller (the fast worker pauses the clock)
    const pauseRequested = Date.now();
    const waiting = await client.request('agne', 'POST', `/tickets/${first!.number}/actions/await-caller`, {
      reply: 'Which VPN client version do you run?',
    });
    expect(waiting.status).toBe(200);
    const paused = await until(async () => (await tickets(fast)).find((t) => t.number === first!.number && t.sla_paused_at));
    const pauseSeen = Date.now();
    // …stamped by the true clock, not the worker's
    expect(new Date(paused.sla_paused_at!).getTime()).toBeGreaterThanOrEqual(pauseRequested - 1000);
    expect(new Date(paused.sla_paused_at!).getTime()).toBeLessThanOrEqual(pauseSeen + 1000);

    // …and the worker comes back five minutes slow
    cluster.setWorkerEnv({ FLOWDESK_TEST_CLOCK_SKEW_MS: String(-SKEW_MS) });
    cluster.worker.kill('SIGKILL');
    await sleep(500);
    await cluster.worker.whenReady();
    const slow = await raiseIncidents({ cluster, client, tag: `${tag}s`, count: 3, ratePerSec: 3 });
    expect((await settle(cluster, `${tag}s`, slow, 120_000)).inQueueOrFurther).toBe(3);
    await expectTrueDeadlines(await tickets(slow));

    // …and the caller answers (the slow worker resumes the clock)
    const replied = Date.now();
    const reply = await client.request('rita', 'POST', `/tickets/${first!.number}/entries`, {
      kind: 'reply',
      body: 'Version 5.2, and it still fails.',
    });
    expect(reply.status).toBe(201);
    const resumed = await until(async () =>
      (await tickets(fast)).find((t) => t.number === first!.number && t.state === 'in_progress' && !t.sla_paused_at),
    );
    const resumeSeen = Date.now();

    // Then the deadlines moved by the real time the clock stood still
    const stood = Number(resumed.sla_paused_ms);
    expect(stood).toBeGreaterThanOrEqual(replied - pauseSeen - 1000);
    expect(stood).toBeLessThanOrEqual(resumeSeen - pauseRequested + 1000);
    for (const f of ['response_due_at', 'resolution_warning_at', 'resolution_due_at'] as const) {
      expect(new Date(resumed[f]).getTime() - new Date(first![f]).getTime()).toBe(stood);
    }
  }, 300_000);
});

const iso = (d: Date | string) => new Date(d).toISOString();

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(500);
  }
}
