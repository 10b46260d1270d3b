import { createOrm } from '../../service-catalog/db/orm';
import { COMMIT_FOLLOWS, isDeferredPreamble, PipelinedClient } from '../../service-catalog/db/pipelined-client';
import { setTenantScope, TenantScope } from '../../service-catalog/db/tenant';

/**
 * Issue 14 (100 ms to the database keeps half the throughput): the client the ORM's pool uses sends a
 * transaction's tenant preamble and a read-only transaction's commit without waiting for them, so a
 * scoped read costs one round trip instead of four. These cases pin what must not change with that: the
 * scope reaches the query, no scope outlives its transaction on a pooled connection, an error of a
 * statement that was not waited for is still raised, and a commit after a write is still waited for.
 * On the real PostgreSQL of the integration run.
 */
const databaseUrl = () => process.env.FLOWDESK_TEST_DATABASE_URL!;

/** Whether `promise` settles before any I/O can happen, i.e. without waiting for the server. */
async function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return settled;
}

describe('the pipelined database client', () => {
  let client: PipelinedClient;
  beforeEach(async () => {
    client = new PipelinedClient({ connectionString: databaseUrl() });
    await client.connect();
  });
  afterEach(async () => {
    await client.end();
  });

  it('answers begin and the tenant settings at once, and the query after them runs under those settings', async () => {
    const begun = client.query('begin', []);
    expect(await settlesAtOnce(begun)).toBe(true);
    const settings = client.query('select set_config($1, $2, true), set_config($3, $4, true)', [
      'flowdesk.organization_ids',
      'org-a',
      'flowdesk.include_unowned',
      'off',
    ]);
    expect(await settlesAtOnce(settings)).toBe(true);
    const read = client.query(`select current_setting('flowdesk.organization_ids', true) as ids`, []);
    expect(await settlesAtOnce(read)).toBe(false);
    expect((await read).rows).toEqual([{ ids: 'org-a' }]);
    await client.query('commit', []);
    // Transaction-local: the next transaction on this connection does not carry it.
    await client.query('begin', []);
    const after = await client.query(`select coalesce(current_setting('flowdesk.organization_ids', true), '') as ids`, []);
    expect(after.rows).toEqual([{ ids: '' }]);
    await client.query('commit', []);
  });

  it('raises an error of the tenant settings with the next statement, and a rollback ends the transaction', async () => {
    await client.query('begin', []);
    // A parameter name without a dot is not a custom setting: PostgreSQL refuses it.
    await expect(client.query('select set_config($1, $2, true)', ['nodot', 'x'])).resolves.toBeDefined();
    await expect(client.query('select 1 as one', [])).rejects.toThrow(/unrecognized configuration parameter "nodot"/);
    await expect(client.query('rollback', [])).resolves.toBeDefined();
    await client.query('begin', []);
    await expect(client.query('select 2 as two', [])).resolves.toMatchObject({ rows: [{ two: 2 }] });
    await client.query('commit', []);
  });

  it('waits for the commit of a transaction that wrote, and raises its failure', async () => {
    await client.query('create temporary table pipelined_probe (id int unique deferrable initially deferred)', []);
    await client.query('begin', []);
    await client.query('insert into pipelined_probe (id) values ($1), ($1)', [1]);
    const commit = client.query('commit', []);
    expect(await settlesAtOnce(commit)).toBe(false);
    await expect(commit).rejects.toThrow(/duplicate key value violates unique constraint/);
    const count = await client.query('select count(*)::int as n from pipelined_probe', []);
    expect(count.rows).toEqual([{ n: 0 }]);
  });

  it('does not wait for the commit of a transaction that only read, and the connection serves the next at once', async () => {
    await client.query('begin', []);
    // As MikroORM's query builder writes a select.
    await client.query(`select "v"."n" from (values (1)) as "v"("n")`, []);
    const commit = client.query('commit', []);
    expect(await settlesAtOnce(commit)).toBe(true);
    await client.query('begin', []);
    await expect(client.query('select 3 as three', [])).resolves.toMatchObject({ rows: [{ three: 3 }] });
    await client.query('commit', []);
    // Once anything sent after it is answered, the server has ended the transaction.
    await client.query('select 4', []);
    expect(client.getTransactionStatus()).toBe('I');
  });

  it('writes a read with its preamble in one go, and a deferred commit by the end of the turn', async () => {
    // Every write to the socket is a system call that wakes the server's backend.
    type Socket = { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
    const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
    let writes = 0;
    for (const method of ['_write', '_writev'] as const) {
      const original = socket[method].bind(socket);
      socket[method] = (...args: unknown[]) => {
        writes++;
        return original(...args);
      };
    }
    await client.query('begin', []);
    await client.query('select set_config($1, $2, true)', ['flowdesk.organization_ids', 'org-a']);
    expect(writes).toBe(0);
    await expect(client.query(`select "v"."n" from (values (1)) as "v"("n")`, [])).resolves.toMatchObject({ rows: [{ n: 1 }] });
    expect(writes).toBe(1);
    await client.query('commit', []);
    expect(writes).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toBe(2);
    // A preamble nothing follows leaves too: the caller may yet end the transaction later.
    await client.query('begin', []);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toBe(3);
    await client.query('rollback', []);
    expect(client.getTransactionStatus()).toBe('I');
  });

  it('waits for the commit of a transaction whose hand-written select may have written', async () => {
    // The shape of select flowdesk_revoke_refresh_tokens(…): a sign-out must be committed before it answers.
    await client.query(`create temporary table pipelined_calls (at timestamptz)`, []);
    await client.query(
      `create function pg_temp.pipelined_note() returns void language sql as $$ insert into pipelined_calls values (now()) $$`,
      [],
    );
    await client.query('begin', []);
    await client.query('select pg_temp.pipelined_note()', []);
    const commit = client.query('commit', []);
    expect(await settlesAtOnce(commit)).toBe(false);
    await commit;
  });

  it('waits for the commit of a transaction that locked rows', async () => {
    await client.query('create temporary table pipelined_locks (id int)', []);
    await client.query('insert into pipelined_locks (id) values ($1)', [1]);
    await client.query('begin', []);
    await expect(client.query('select id from pipelined_locks for update', [])).resolves.toMatchObject({ rows: [{ id: 1 }] });
    const commit = client.query('commit', []);
    expect(await settlesAtOnce(commit)).toBe(false);
    await commit;
  });

  describe("a statement marked as its transaction's last", () => {
    beforeEach(async () => {
      await client.query('create temporary table pipelined_last (id int primary key)', []);
    });
    const seen = async () => (await client.query('select id from pipelined_last order by id', [])).rows.map((r: { id: number }) => r.id);

    it('has the commit sent behind it, done before the caller asks for it', async () => {
      await client.query('begin', []);
      await client.query('insert into pipelined_last (id) values ($1)', [1]);
      await client.query(`${COMMIT_FOLLOWS}insert into pipelined_last (id) values ($1)`, [2]);
      expect(client.sentCommit).toBeDefined();
      await expect(client.sentCommit).resolves.toMatchObject({ command: 'COMMIT' });
      // The server is out of the transaction before the caller's commit is even sent.
      expect(client.getTransactionStatus()).toBe('I');
      await expect(client.query('commit', [])).resolves.toMatchObject({ command: 'COMMIT' });
      expect(await seen()).toEqual([1, 2]);
    });

    it('rolls the transaction back when it fails, and the connection serves the next one', async () => {
      await client.query('begin', []);
      await client.query('insert into pipelined_last (id) values ($1)', [1]);
      await expect(
        client.query(`${COMMIT_FOLLOWS}select flowdesk_expect_row(exists (select 1 from pipelined_last where id = $1), $2)`, [
          9,
          'row 9 is gone',
        ]),
      ).rejects.toMatchObject({ code: 'P0002', message: 'row 9 is gone' });
      await expect(client.query('rollback', [])).resolves.toMatchObject({ command: 'ROLLBACK' });
      expect(await seen()).toEqual([]);
      await client.query('begin', []);
      await expect(client.query('select 5 as five', [])).resolves.toMatchObject({ rows: [{ five: 5 }] });
      await client.query('commit', []);
    });

    it('refuses a statement after it without sending it, and a rollback once it is committed', async () => {
      await client.query('begin', []);
      await client.query(`${COMMIT_FOLLOWS}insert into pipelined_last (id) values ($1)`, [1]);
      await expect(client.query('insert into pipelined_last (id) values ($1)', [2])).rejects.toThrow(/after the transaction's last one/);
      await expect(client.query('rollback', [])).rejects.toThrow(/cannot be rolled back/);
      expect(await seen()).toEqual([1]);
      // Ended either way: the connection is usable again.
      await expect(client.query('select 6 as six', [])).resolves.toMatchObject({ rows: [{ six: 6 }] });
    });

    it("reports a commit that failed (a deferred constraint) to the caller's commit", async () => {
      await client.query('create temporary table pipelined_deferred (id int unique deferrable initially deferred)', []);
      await client.query('begin', []);
      await client.query('insert into pipelined_deferred (id) values ($1)', [1]);
      await client.query(`${COMMIT_FOLLOWS}insert into pipelined_deferred (id) values ($1)`, [1]);
      await expect(client.query('commit', [])).rejects.toThrow(/duplicate key value violates unique constraint/);
      const count = await client.query('select count(*)::int as n from pipelined_deferred', []);
      expect(count.rows).toEqual([{ n: 0 }]);
    });

    it('is an ordinary statement inside a savepoint, where the enclosing transaction goes on', async () => {
      await client.query('begin', []);
      await client.query('savepoint "trx1"', []);
      await client.query(`${COMMIT_FOLLOWS}insert into pipelined_last (id) values ($1)`, [4]);
      expect(client.sentCommit).toBeUndefined();
      await client.query('release savepoint "trx1"', []);
      await client.query('insert into pipelined_last (id) values ($1)', [5]);
      await client.query('rollback', []);
      expect(await seen()).toEqual([]);
    });

    it('is an ordinary statement outside a transaction', async () => {
      await client.query(`${COMMIT_FOLLOWS}insert into pipelined_last (id) values ($1)`, [3]);
      expect(client.sentCommit).toBeUndefined();
      expect(await seen()).toEqual([3]);
    });
  });
});

describe('tenant scopes through the ORM on one pooled connection', () => {
  it('gives each scoped read its own scope, whatever ran on the connection before', async () => {
    const orm = await createOrm({ databaseUrl: databaseUrl(), poolMax: 1 });
    try {
      const scoped = (scope: TenantScope) => {
        const em = orm.em.fork();
        setTenantScope(em, scope);
        return em;
      };
      const orgA = '00000000-0000-4000-8000-00000000000a';
      const orgB = '00000000-0000-4000-8000-00000000000b';
      const read = `select current_setting('flowdesk.organization_ids', true) as ids, current_setting('flowdesk.tenant_bypass', true) as bypass`;
      // Interleaved on the single connection: each read must see only its own scope.
      const results = await Promise.all([
        scoped(TenantScope.of([orgA], false)).execute(read),
        scoped(TenantScope.of([orgB], true)).execute(read),
        scoped(TenantScope.all('pipelined-client spec')).execute(read),
        scoped(TenantScope.of([orgA], false)).execute(read),
      ]);
      expect(results).toEqual([
        [{ ids: orgA, bypass: '' }],
        [{ ids: orgB, bypass: '' }],
        [{ ids: '', bypass: 'pipelined-client spec' }],
        [{ ids: orgA, bypass: '' }],
      ]);
      const pooled = await (await orm.em.getConnection().getNativeClient()).connect();
      expect(pooled).toBeInstanceOf(PipelinedClient);
      pooled.release();
      // What MikroORM sends as each transaction's preamble is what the client does not wait for.
      const sent: string[] = [];
      const query = PipelinedClient.prototype.query;
      const recording = function (this: PipelinedClient, ...args: unknown[]) {
        if (typeof args[0] === 'string') sent.push(args[0]);
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      };
      Object.defineProperty(PipelinedClient.prototype, 'query', { value: recording, writable: true, configurable: true });
      try {
        await scoped(TenantScope.of([orgA], true)).execute('select 1');
      } finally {
        Object.defineProperty(PipelinedClient.prototype, 'query', { value: query, writable: true, configurable: true });
      }
      expect(sent.map((text) => (text.startsWith('select set_config') ? 'settings' : text))).toEqual([
        'begin',
        'settings',
        'select 1',
        'commit',
      ]);
      expect(sent.filter(isDeferredPreamble)).toEqual([sent[0], sent[1]]);
      // An unscoped query afterwards runs outside any transaction and sees no scope at all.
      const [unscoped] = await orm.em
        .fork()
        .getConnection()
        .execute<Array<{ ids: string | null }>>(`select current_setting('flowdesk.organization_ids', true) as ids`);
      expect([null, '']).toContain(unscoped!.ids);
    } finally {
      await orm.close();
    }
  });
});
