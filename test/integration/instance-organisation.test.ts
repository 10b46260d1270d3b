import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createOrm, type Orm } from '../../service-catalog/db/orm';
import { instanceOrganisation } from '../../service-catalog/processes/domain/instance-organisation';

/**
 * Every activity's first step on a new instance (workflows/activities/process-scope.ts) and every
 * message subscription ask which organisation an instance acts for. Asked as `id::text = ?`, that
 * read scanned every instance ever started; it must use the primary key, and stay a plain "no such
 * instance" for ids that are not UUIDs.
 */
describe('the organisation a process instance acts for', () => {
  let orm: Orm;
  beforeAll(async () => {
    // The owner's connection: the rows below are made and rolled back without row-level security in the way.
    orm = await createOrm({ databaseUrl: process.env.FLOWDESK_TEST_OWNER_DATABASE_URL!, poolMax: 1 });
  });
  afterAll(async () => {
    await orm.close();
  });

  /** Runs `body` in a transaction holding one definition and an instance of each organisation kind, then rolls it back. */
  async function withInstances(
    body: (em: EntityManager, ids: { internal: string; customer: string; organizationId: string }) => Promise<void>,
  ) {
    const em = orm.em.fork() as EntityManager;
    const rolledBack = new Error('roll back');
    await em
      .transactional(async (tx) => {
        const definitionId = randomUUID();
        await tx.execute(
          `insert into process_definition (id, process_id, version, xml, graph, content_hash, deployed_at)
           values (?, ?, 1, '<definitions/>', '{}'::jsonb, 'x', now())`,
          [definitionId, `org-probe-${definitionId.slice(0, 8)}`],
        );
        const [org] = await tx.execute<Array<{ id: string }>>('select id from organization limit 1');
        const ids = { internal: randomUUID(), customer: randomUUID(), organizationId: org!.id };
        for (const [id, organizationId] of [
          [ids.internal, null],
          [ids.customer, ids.organizationId],
        ] as const)
          await tx.execute(
            `insert into process_instance (id, definition_id, process_id, version, started_at, organization_id)
             values (?, ?, 'org-probe', 1, now(), ?)`,
            [id, definitionId, organizationId],
          );
        await body(tx as EntityManager, ids);
        throw rolledBack;
      })
      .catch((err: unknown) => {
        if (err !== rolledBack) throw err;
      });
  }

  it('answers the organisation of a customer instance and null for an internal one', async () => {
    await withInstances(async (em, ids) => {
      expect(await instanceOrganisation(em, ids.customer)).toEqual({ organizationId: ids.organizationId });
      expect(await instanceOrganisation(em, ids.internal)).toEqual({ organizationId: null });
      expect(await instanceOrganisation(em, ids.customer.toUpperCase())).toEqual({ organizationId: ids.organizationId });
    });
  });

  it('answers "no such instance" for an unknown id and for text that is no UUID, without a database error', async () => {
    await withInstances(async (em) => {
      expect(await instanceOrganisation(em, randomUUID())).toBeUndefined();
      for (const notAnId of ['', 'incident-42', "x' or '1'='1", `${randomUUID()}:call-1`])
        expect(await instanceOrganisation(em, notAnId)).toBeUndefined();
    });
  });

  it('reads the instance by its primary key, not by scanning every instance', async () => {
    await withInstances(async (em, ids) => {
      const statements: string[] = [];
      const spied = Object.create(em) as EntityManager;
      spied.execute = ((sql: string, params: unknown[]) => {
        statements.push(sql);
        return em.execute(sql, params);
      }) as EntityManager['execute'];
      await instanceOrganisation(spied, ids.customer);
      expect(statements).toHaveLength(1);
      // Scans off: a plan that can use the key takes it; one that cannot (id::text) still scans.
      await em.execute('set local enable_seqscan = off');
      const plan = await em.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${statements[0]}`, [ids.customer]);
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index (Only )?Scan using process_instance_pkey/);
      expect(text).not.toMatch(/Seq Scan/);
    });
  });
});
