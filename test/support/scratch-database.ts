import { randomUUID } from 'node:crypto';
import { createOrm, type Orm } from '../../service-catalog/db/orm';

type Row = Record<string, unknown>;

/** A database of its own, migrated up to one migration, for a test that writes rows as they were then and migrates on. */
export interface ScratchDatabase {
  orm: Orm;
  sql(query: string, params?: unknown[]): Promise<Row[]>;
  /** Runs the remaining migrations. */
  migrateOn(): Promise<void>;
  drop(): Promise<void>;
}

/** Creates it with the test server's owner role (FLOWDESK_TEST_OWNER_DATABASE_URL, set by the global set-up). */
export async function scratchDatabase(prefix: string, upTo: string): Promise<ScratchDatabase> {
  const database = `${prefix}_${randomUUID().slice(0, 8)}`;
  const ownerUrl = process.env.FLOWDESK_TEST_OWNER_DATABASE_URL!;
  const owner = await createOrm({ databaseUrl: ownerUrl, poolMax: 1 });
  await owner.em.getConnection().execute(`create database ${database}`);
  const url = new URL(ownerUrl);
  url.pathname = `/${database}`;
  const orm = await createOrm({ databaseUrl: url.toString(), poolMax: 1 });
  await orm.migrator.up({ to: upTo });
  return {
    orm,
    sql: (query, params = []) => orm.em.getConnection().execute(query, params) as Promise<Row[]>,
    migrateOn: async () => {
      await orm.migrator.up();
    },
    async drop() {
      await orm.close();
      await owner.em.getConnection().execute(`drop database if exists ${database}`);
      await owner.close();
    },
  };
}
