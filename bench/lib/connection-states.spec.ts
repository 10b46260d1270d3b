import { ConnectionSampler, formatConnectionStates, summarizeConnections, type ConnectionRow } from './connection-states';

const row = (state: string, waitEventType: string | null, query = 'select 1', wrote = false): ConnectionRow => ({
  state,
  waitEventType,
  wrote,
  query,
});

describe('the database connections over a phase', () => {
  it('averages each condition over the readings and names the statements waiting for a lock, most often first', () => {
    const states = summarizeConnections([
      [
        row('active', null),
        row('idle in transaction', 'Client'),
        row('active', 'Lock', `insert into "ticket" ("id", "number") values ($1, $2)`),
      ],
      [
        row('idle in transaction', 'Client', `insert into audit_log values ($1)`, true),
        row('idle in transaction', 'Client'),
        row('active', 'Lock', `select * from flowdesk_lock_group_for_routing($1::uuid)`),
        row('active', 'Lock', `insert into "ticket" ("id", "number") values ($1, $2)`),
      ],
      [],
    ]);
    expect(states).toEqual({
      samples: 3,
      running: 1 / 3,
      waitingForLock: 1,
      waitingForClient: { wrote: 1 / 3, read: 2 / 3 },
      lockWaiters: [
        { statement: 'insert into "ticket" ("id", "number")', share: 2 / 3 },
        { statement: 'select * from flowdesk_lock_group_for_routing', share: 1 / 3 },
      ],
    });
    expect(formatConnectionStates(states)).toBe(
      'connections (mean of 3 samples): 0.3 running, 1.0 waiting for a lock, ' +
        'in a transaction waiting for their client 0.3 after writing, 0.7 after reading only; ' +
        'waiting for a lock: 67% insert into "ticket" ("id", "number"); 33% select * from flowdesk_lock_group_for_routing',
    );
  });

  it('a lock wait counts as a lock wait whatever the state, and no reading gives no means', () => {
    const states = summarizeConnections([[row('idle in transaction', 'Lock', `update ticket set state = 'x'`)]]);
    expect([states.waitingForLock, states.waitingForClient, states.lockWaiters]).toEqual([
      1,
      { wrote: 0, read: 0 },
      [{ statement: 'update ticket set state =', share: 1 }],
    ]);
    expect(summarizeConnections([]).running).toBeNaN();
  });

  it('samples until stopped, one reading per statement answered', async () => {
    const answers: Array<Array<Record<string, unknown>>> = [
      [{ state: 'active', wait_event_type: null, wrote: false, query: 'select 1' }],
      [{ state: 'idle in transaction', wait_event_type: 'Client', wrote: true, query: 'select 2' }],
    ];
    let calls = 0;
    const sampler = new ConnectionSampler(async (sql) => {
      expect(sql).toContain('pg_stat_activity');
      return answers[calls++ % 2]!;
    }, 1);
    sampler.start();
    while (calls < 4) await new Promise((resolve) => setTimeout(resolve, 1));
    const states = await sampler.stop();
    expect(states.samples).toBe(calls);
    expect(states.running + states.waitingForClient.wrote).toBe(1);
    expect(states.waitingForClient.read).toBe(0);
  });
});
