/**
 * Soak (FLOWDESK_LONG=1 only): incidents at a steady rate for FLOWDESK_SOAK_MINUTES (30 by default),
 * agents resolving them and callers confirming, with the API and the worker as separate processes.
 * Samples their resident memory every 30 s and prints it; memory must stay flat (the last quarter's
 * median no more than 1.5× the second quarter's, after warm-up) and nothing may be lost.
 */
import { FaultCluster, sleep } from './support/fault-cluster';
import { DeskClient } from './support/desk-client';
import { newTag, raiseIncidents } from './support/incident-run';
import { LockWaitSampler } from './support/lock-waits';

const LONG = process.env.FLOWDESK_LONG === '1';
const MINUTES = Number(process.env.FLOWDESK_SOAK_MINUTES ?? 30);
const RATE_PER_SEC = 1;

(LONG ? describe : describe.skip)('soak', () => {
  let cluster: FaultCluster;

  beforeAll(async () => {
    cluster = await FaultCluster.start();
  }, 180_000);

  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it(
    `runs ${MINUTES} minutes at ${RATE_PER_SEC} incident/s with agents working them, memory flat, nothing lost`,
    async () => {
      const client = new DeskClient(() => cluster.apiUrl);
      const tag = newTag();
      const count = Math.round(MINUTES * 60 * RATE_PER_SEC);
      let done = false;
      const samples: Array<{ min: number; api: number; worker: number; open: number }> = [];
      const t0 = Date.now();
      // Open processes beside memory: the worker keeps running workflows in its cache, so its memory
      // follows how many are open; flat memory means flat for a steady number of open tickets.
      const openTickets = async () =>
        Number(
          (
            await cluster.query<{ n: string }>(`select count(*) as n from ticket where title like ? and state <> 'closed'`, [
              `fault ${tag} #%`,
            ])
          )[0]!.n,
        );
      const sampler = (async () => {
        while (!done) {
          const open = await openTickets();
          samples.push({ min: (Date.now() - t0) / 60_000, api: cluster.api.rssMb() ?? NaN, worker: cluster.worker.rssMb() ?? NaN, open });
          await sleep(30_000);
        }
      })();
      const locks = new LockWaitSampler(cluster.databaseUrl);
      locks.start();
      const worked = { resolved: 0, confirmed: 0, refused: [] as string[] };
      // Agents: every few seconds, resolve what waits in the queue; callers confirm what was resolved.
      // Four work side by side (each takes the tickets whose number falls to it), as a desk's shift
      // would: one alone, an action at a time, falls behind one incident a second.
      const AGENTS = 4;
      const agent = async (slot: number) => {
        while (!done) {
          const queue = await cluster.query<{ number: string; state: string; org: string; caller: string }>(
            `select t.number, t.state, o.name as org, u.username as caller from ticket t join organization o on o.id = t.organization_id join app_user u on u.id = t.caller_id where t.title like ? and t.state in ('in_progress', 'resolved') and abs(hashtext(t.number)) % ${AGENTS} = ? limit 40`,
            [`fault ${tag} #%`, slot],
          );
          for (const t of queue) {
            if (t.state === 'in_progress') {
              const agent = t.org.startsWith('Baltic') ? 'agne' : 'nils';
              const res = await client.request(agent, 'POST', `/tickets/${t.number}/actions/resolve`, {
                resolutionCode: 'solved',
                resolutionNotes: 'Fixed during the soak.',
              });
              if (res.status === 200) worked.resolved++;
              else if (res.status !== 409) worked.refused.push(`${t.number} resolve ${res.status}`);
            } else {
              const res = await client.request(t.caller, 'POST', `/tickets/${t.number}/confirmation`, { confirmed: true });
              if (res.status === 200) worked.confirmed++;
              else if (res.status !== 409) worked.refused.push(`${t.number} confirm ${res.status}`);
            }
          }
          await sleep(3000);
        }
      };
      const agents = Promise.all(Array.from({ length: AGENTS }, (_, slot) => agent(slot)));
      const raised = await raiseIncidents({ cluster, client, tag, count, ratePerSec: RATE_PER_SEC }).catch((err) => {
        done = true;
        throw err;
      });
      // Let the agents catch up with the last ones.
      const deadline = Date.now() + 300_000;
      for (;;) {
        const [row] = await cluster.query<{ n: string }>(`select count(*) as n from ticket where title like ? and state = 'closed'`, [
          `fault ${tag} #%`,
        ]);
        if (Number(row!.n) >= raised.length || Date.now() > deadline) break;
        await sleep(5000);
      }
      done = true;
      await Promise.all([sampler, agents]);
      const lockReport = await locks.stop();
      const states = await cluster.query<{ state: string; n: string }>(
        `select state, count(*) as n from ticket where title like ? and type = 'incident' group by state`,
        [`fault ${tag} #%`],
      );
      console.log(
        `Soak: ${count} incidents over ${MINUTES} min; resolved ${worked.resolved}, confirmed ${worked.confirmed}; states ${JSON.stringify(Object.fromEntries(states.map((s) => [s.state, Number(s.n)])))}\n` +
          `RSS MB (minute: api / worker, open tickets):\n${samples.map((s) => `  ${s.min.toFixed(1).padStart(5)}: ${s.api.toFixed(0)} / ${s.worker.toFixed(0)}, ${s.open} open`).join('\n')}\n` +
          `client: ${JSON.stringify(client.tally)}; refused: ${worked.refused.slice(0, 10).join(', ')}\n${lockReport}`,
      );
      const total = states.reduce((n, s) => n + Number(s.n), 0);
      expect(total).toBe(count);
      // The agents kept up: all but the last few minutes' incidents were worked to the end.
      const closed = Number(states.find((s) => s.state === 'closed')?.n ?? 0);
      expect(closed).toBeGreaterThanOrEqual(count * 0.9);
      expect(worked.refused).toEqual([]);
      expect(client.tally.serverErrors).toEqual([]);
      for (const part of ['api', 'worker'] as const) {
        const q = Math.floor(samples.length / 4);
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        const second = median(samples.slice(q, 2 * q).map((s) => s[part]));
        const last = median(samples.slice(3 * q).map((s) => s[part]));
        expect(last).toBeLessThanOrEqual(second * 1.5);
      }
    },
    (MINUTES + 15) * 60_000,
  );
});
