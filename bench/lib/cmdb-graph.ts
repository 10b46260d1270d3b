import type { Orm } from '../../service-catalog/db/orm';

/**
 * Generates a CMDB inside PostgreSQL (generate_series, seeded random): `cis` CIs spread over
 * `organizations` customers and classes, with attribute values to search, and `relations` random
 * relations between CIs of the same customer. CI i has id md5('ci' || i) and belongs to organisation
 * i mod organizations, so relations can be drawn without reading the CIs back.
 */
export async function generateCmdb(owner: Orm, opts: { cis: number; relations: number; organizations: number }) {
  for (const n of Object.values(opts)) if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive whole number: ${n}`);
  const { cis, organizations } = opts;
  const perOrganization = Math.floor(cis / organizations);
  const em = owner.em.fork();
  const organizationIds: string[] = [];
  // The owner obeys the forced row-level security too: each transaction names the bypass, as seeds do.
  const bypass = "select set_config('flowdesk.tenant_bypass', 'bench seed', true)";
  await em.transactional(async (tx) => {
    await tx.execute(bypass);
    await tx.execute('select setseed(0.18)');
    for (let i = 0; i < organizations; i++) {
      const [row] = await tx.execute<Array<{ id: string }>>(
        'insert into organization (id, name, created_at) values (gen_random_uuid(), ?, now()) returning id',
        [`Bench customer ${i}`],
      );
      organizationIds.push(row!.id);
    }
    await tx.execute(
      `insert into configuration_item (id, organization_id, key, class_key, name, lifecycle_state, attributes, serial_number, version, created_at, updated_at)
       select md5('ci' || i)::uuid, (?::uuid[])[1 + i % ${organizations}], 'ci-' || i,
         (array['business_service','application','server','server','database','network_device','workstation','workstation','location','application'])[1 + (i / 7) % 10],
         'CI ' || i || ' ' || (array['host','shop','warehouse','scanner','payroll','ledger','router','till'])[1 + (i / 3) % 8],
         'operational',
         jsonb_build_object('os', (array['Debian 12','Windows 11','RHEL 9','Ubuntu 24.04','Oracle Linux'])[1 + (i / 11) % 5], 'ramGb', i % 256),
         'SN ' || i, 1, now(), now()
       from generate_series(0, ${cis - 1}) as i`,
      [`{${organizationIds.join(',')}}`],
    );
  });
  let relationCount = 0;
  // In batches, one transaction each, until the count is reached despite the duplicates drawn.
  while (relationCount < opts.relations) {
    const batch = Math.min(100_000, opts.relations - relationCount);
    relationCount = await em.transactional(async (tx) => {
      await tx.execute(bypass);
      await tx.execute(
        `insert into ci_relation (id, organization_id, source_id, type, target_id, created_at)
         select gen_random_uuid(), (?::uuid[])[1 + s % ${organizations}], md5('ci' || s)::uuid,
           (array['depends_on','runs_on','hosted_on','connected_to','part_of'])[1 + floor(random() * 5)::int],
           md5('ci' || t)::uuid, now()
         from (
           select s, floor(random() * ${perOrganization})::int * ${organizations} + s % ${organizations} as t
           from (select floor(random() * ${perOrganization * organizations})::int as s from generate_series(1, ${batch})) d
         ) e
         where t <> s
         on conflict do nothing`,
        [`{${organizationIds.join(',')}}`],
      );
      const [row] = await tx.execute<Array<{ n: number }>>('select count(*)::int as n from ci_relation');
      return row!.n;
    });
  }
  // VACUUM as well, as autovacuum leaves a live table (visibility map, hint bits).
  await em.execute('vacuum analyze configuration_item');
  await em.execute('vacuum analyze ci_relation');
  return { organizationIds, relationCount };
}
