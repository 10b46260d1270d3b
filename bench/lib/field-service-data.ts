import type { Orm } from '../../service-catalog/db/orm';

/**
 * Generates field service data inside PostgreSQL (generate_series, seeded random): `technicians`
 * technicians (users with the technician role, serving one customer) spread over Lithuania with 1–4
 * of 8 skills at levels 1–5, 1–3 of 10 territories, weekday hours and an absence each; 500 sites
 * with coordinates and territories; `workOrders` open work orders (each a WO ticket) over the next 20
 * working days with 1–2 required skills, a third of them scheduled to a technician.
 */
export async function generateFieldService(owner: Orm, opts: { technicians: number; workOrders: number }) {
  const em = owner.em.fork();
  const bypass = "select set_config('flowdesk.tenant_bypass', 'bench seed', true)";
  const skills = `array['payment-terminals','networking','hvac','printers','electrical','cctv','pos-software','scales']`;
  const territories = `array['vilnius','kaunas','klaipeda','siauliai','panevezys','alytus','marijampole','utena','telsiai','taurage']`;
  return em.transactional(async (tx) => {
    await tx.execute(bypass);
    await tx.execute('select setseed(0.19)');
    const [org] = await tx.execute<Array<{ id: string }>>(
      `insert into organization (id, name, created_at) values (gen_random_uuid(), 'Bench field customer', now()) returning id`,
    );
    const organizationId = org!.id;
    await tx.execute(
      `insert into app_user (id, username, display_name, roles, group_ids, served_organization_ids, active, created_at, updated_at)
       select md5('user' || i)::uuid, 'bench-tech-' || i, 'Bench technician ' || i, '["technician"]', '[]', jsonb_build_array(?::text), true, now(), now()
       from generate_series(1, ${opts.technicians}) i`,
      [organizationId],
    );
    await tx.execute(
      `insert into technician (id, user_id, skills, territories, working_hours, home_latitude, home_longitude, version, created_at, updated_at)
       select md5('tech' || i)::uuid, md5('user' || i)::uuid,
         (select jsonb_object_agg(s, 1 + floor(random() * 5)::int) from (select (${skills})[1 + floor(random() * 8)::int] s from generate_series(1, 1 + i % 4)) k),
         (select array_agg(distinct (${territories})[1 + floor(random() * 10)::int]) from generate_series(1, 1 + i % 3)),
         '{"1":[{"start":"07:00","end":"17:00"}],"2":[{"start":"07:00","end":"17:00"}],"3":[{"start":"07:00","end":"17:00"}],"4":[{"start":"07:00","end":"17:00"}],"5":[{"start":"07:00","end":"15:00"}]}',
         54.0 + random() * 2.4, 21.0 + random() * 5.8, 1, now(), now()
       from generate_series(1, ${opts.technicians}) i`,
    );
    await tx.execute(
      `insert into technician_absence (id, technician_id, starts_at, ends_at, reason, created_at)
       select gen_random_uuid(), md5('tech' || i)::uuid, d, d + interval '2 days', 'leave', now()
       from (select i, date '2027-01-11' + (floor(random() * 28)::int) * interval '1 day' d from generate_series(1, ${opts.technicians}) i) a`,
    );
    await tx.execute(
      `insert into site (id, organization_id, name, created_at) select md5('site' || i)::uuid, ?, 'Bench site ' || i, now() from generate_series(1, 500) i`,
      [organizationId],
    );
    await tx.execute(
      `insert into site_location (site_id, organization_id, latitude, longitude, territory, updated_at)
       select md5('site' || i)::uuid, ?, 54.0 + random() * 2.4, 21.0 + random() * 5.8, (${territories})[1 + i % 10], now() from generate_series(1, 500) i`,
      [organizationId],
    );
    await tx.execute(
      `insert into ticket (id, number, type, title, description, organization_id, state, created_at, updated_at)
       select md5('wo' || i)::uuid, 'WO' || lpad((9000000 + i)::text, 7, '0'), 'work_order', 'Bench work order ' || i, '', ?, 'in_progress', now(), now()
       from generate_series(1, ${opts.workOrders}) i`,
      [organizationId],
    );
    await tx.execute(
      `insert into work_order (id, organization_id, ticket_id, ticket_number, site_id, work_type, required_skills, priority,
         window_starts_at, window_ends_at, technician_id, status, dispatch_due_at, version, created_at, updated_at)
       select md5('wo-row' || i)::uuid, ?, md5('wo' || i)::uuid, 'WO' || lpad((9000000 + i)::text, 7, '0'), md5('site' || (1 + i % 500))::uuid,
         'repair',
         (select jsonb_agg(jsonb_build_object('skill', (${skills})[1 + floor(random() * 8)::int], 'level', 1 + floor(random() * 3)::int)) from generate_series(1, 1 + i % 2)),
         'P3', w, w + interval '3 hours',
         case when i % 3 = 0 then md5('tech' || (1 + floor(random() * ${opts.technicians})::int))::uuid end,
         case when i % 3 = 0 then 'scheduled' else 'created' end, w - interval '2 hours', 1, now(), now()
       from (select i, timestamptz '2027-01-11 08:00Z' + (floor(random() * 28)::int) * interval '1 day' + (floor(random() * 8)::int) * interval '1 hour' w
               from generate_series(1, ${opts.workOrders}) i) g`,
      [organizationId],
    );
    return { organizationId };
  });
}
