/**
 * A worker that is gone (or too slow to take workflow tasks) while callers keep answering: every answer
 * the API gives is a success, a conflict or a 503 with `Retry-After` — never a 500 and never a request
 * that hangs. This is the soak's "persistent 500 on POST /tickets/{n}/confirmation": each retry of a
 * confirmation sent one more workflow update, nothing took them, and once Temporal held ten in flight
 * for the instance it refused the rest with RESOURCE_EXHAUSTED, which the API answered as a 500.
 * Once the worker is back, the ticket closes exactly once.
 */
import { FaultCluster, sleep } from './support/fault-cluster';
import { DeskClient } from './support/desk-client';
import { newTag, raiseIncidents } from './support/incident-run';

/** More than Temporal's default of 10 updates in flight per workflow execution. */
const CONCURRENT_ANSWERS = 14;

describe('a stalled worker', () => {
  let cluster: FaultCluster;

  beforeAll(async () => {
    cluster = await FaultCluster.start();
  }, 180_000);

  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it('callers confirming a resolved ticket get 200, 409 or 503 with Retry-After, never 500; it then closes', async () => {
    // Given a resolved incident whose process waits for the caller's confirmation
    const client = new DeskClient(() => cluster.apiUrl);
    const tag = newTag();
    await raiseIncidents({ cluster, client, tag, count: 1, ratePerSec: 1 });
    const ticket = await waitForTicket(cluster, tag, 'in_progress');
    const agent = ticket.org.startsWith('Baltic') ? 'agne' : 'nils';
    const resolved = await client.request(agent, 'POST', `/tickets/${ticket.number}/actions/resolve`, {
      resolutionCode: 'solved',
      resolutionNotes: 'Fixed for the stalled-worker test.',
    });
    expect(resolved.status).toBe(200);
    await waitForTicket(cluster, tag, 'resolved');
    await waitForWaitingMessage(cluster, ticket.number);

    // When the worker is gone and the caller answers many times at once (a client retrying, several tabs)
    cluster.worker.kill('SIGKILL', { restart: false });
    const token = await client.token(ticket.caller);
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT_ANSWERS }, async () => {
        const started = Date.now();
        try {
          const res = await fetch(`${cluster.apiUrl}/tickets/${ticket.number}/confirmation`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ confirmed: true }),
            signal: AbortSignal.timeout(90_000),
          });
          return {
            status: res.status,
            retryAfter: res.headers.get('retry-after'),
            body: (await res.text()).slice(0, 300),
            ms: Date.now() - started,
          };
        } catch (err) {
          return { status: 'no answer' as const, retryAfter: null, body: String(err), ms: Date.now() - started };
        }
      }),
    );
    console.log(`answers while the worker is gone: ${JSON.stringify(answers.map((a) => [a.status, a.ms]))}`);

    // Then none is a 500 or left hanging; every 503 says when to retry
    expect(
      answers.filter((a) => a.status === 'no answer' || (typeof a.status === 'number' && a.status >= 500 && a.status !== 503)),
    ).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && !a.retryAfter)).toEqual([]);
    expect(answers.every((a) => [200, 409, 503].includes(a.status as number))).toBe(true);

    // And once the worker is back, the ticket closes, with nothing left to close it twice
    await cluster.worker.start();
    const retried = await client.request(ticket.caller, 'POST', `/tickets/${ticket.number}/confirmation`, { confirmed: true });
    expect([200, 409]).toContain(retried.status);
    await waitForTicket(cluster, tag, 'closed');
    // No confirmation is left buffered to close this ticket again after a later reopening
    const [left] = await cluster.query<{ n: string }>(`select count(*) as n from buffered_message where correlation_key = ?`, [
      ticket.number,
    ]);
    expect(Number(left!.n)).toBe(0);
  }, 400_000);
});

async function waitForTicket(
  cluster: FaultCluster,
  tag: string,
  state: string,
): Promise<{ number: string; state: string; org: string; caller: string }> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [row] = await cluster.query<{ number: string; state: string; org: string; caller: string }>(
      `select t.number, t.state, o.name as org, u.username as caller from ticket t join organization o on o.id = t.organization_id join app_user u on u.id = t.caller_id where t.title like ?`,
      [`fault ${tag} #%`],
    );
    if (row?.state === state) return row;
    if (Date.now() > deadline) throw new Error(`ticket of ${tag} did not reach ${state}: ${JSON.stringify(row)}`);
    await sleep(500);
  }
}

/** The process has subscribed to the caller's confirmation (it mails the resolution first). */
async function waitForWaitingMessage(cluster: FaultCluster, number: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const rows = await cluster.query(`select 1 from event_subscription where event_type = 'message' and correlation_key = ?`, [number]);
    if (rows.length) return;
    if (Date.now() > deadline) throw new Error(`${number} never waited for a message`);
    await sleep(500);
  }
}
