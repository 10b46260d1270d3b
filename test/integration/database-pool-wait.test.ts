import { createOrm } from '../../service-catalog/db/orm';
import { unavailableDependency } from '../../service-catalog/http/dependency-errors';

/**
 * Issue 14 (latency without cascading failures): a caller that finds every pooled connection busy waits
 * at most `poolWaitMs` (config DATABASE_POOL_WAIT_MS), then fails as the database being unavailable, so
 * the API answers 503 with Retry-After instead of holding the request while its caller gives up and sends
 * it again. On the real PostgreSQL of the integration run.
 */
describe('waiting for a pooled database connection', () => {
  it('fails as the database unavailable once the wait is over, and serves again when a connection is free', async () => {
    const orm = await createOrm({ databaseUrl: process.env.FLOWDESK_TEST_DATABASE_URL!, poolMax: 1, poolWaitMs: 300 });
    try {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      // The only connection, taken by a transaction that lasts until released.
      const transaction = orm.em.fork().transactional(async (em) => {
        await em.execute('select 1');
        holding();
        await released;
      });
      await held;

      const waited = await orm.em
        .fork()
        .execute('select 2')
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(waited).toBeInstanceOf(Error);
      expect(unavailableDependency(waited)).toBe('database');

      release();
      await transaction;
      await expect(orm.em.fork().execute('select 3 as three')).resolves.toEqual([{ three: 3 }]);
    } finally {
      await orm.close();
    }
  });
});
