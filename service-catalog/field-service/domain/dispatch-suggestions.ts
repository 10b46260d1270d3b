import type { EntityManager } from '@mikro-orm/postgresql';

/** Statuses in which a work order still occupies its technician (for availability and load). */
export const OPEN_ASSIGNED_STATUSES = ['scheduled', 'dispatched', 'accepted', 'travelling', 'on_site', 'signed_off'] as const;
/** The mean Earth radius (IUGG), in km: what the great-circle distance is measured on. */
export const EARTH_RADIUS_KM = 6371.0088;

const open = OPEN_ASSIGNED_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * One statement ranks every technician for one work order. Per technician: the required skills met
 * at their level, whether the site's territory is theirs, availability in the window (no absence
 * overlapping it, working hours of that weekday covering it, no other open job overlapping it), the
 * great-circle (haversine) distance from their home base to the site, and their load (open jobs).
 * Technicians who do not serve the customer, are inactive, or turned this job down are left out.
 * Ranked: fully qualified first, then available, in territory, nearest, least loaded.
 *
 * Travel distance is great-circle; a routing service (OSRM, Valhalla, a vendor's matrix API) plugs in
 * after this query: take its first page of candidates and re-rank them by the router's travel time,
 * so the router is asked for a handful of routes, never for 2,000.
 *
 * Parameters: work order id, limit.
 */
export const SUGGESTIONS_SQL = `
with wo as (
  select w.id, w.organization_id, w.required_skills, w.window_starts_at, w.window_ends_at, w.rejections,
         l.latitude, l.longitude, l.territory,
         extract(isodow from w.window_starts_at at time zone 'UTC')::int::text as weekday,
         (w.window_starts_at at time zone 'UTC')::time as starts, (w.window_ends_at at time zone 'UTC')::time as ends
    from work_order w left join site_location l on l.site_id = w.site_id
   where w.id = ?
), jobs as (
  -- Every open assigned job once (not once per technician): each technician's load, and whether one meets the window.
  select o.technician_id, count(*)::int as load,
         bool_or(o.id <> wo.id and o.window_starts_at < wo.window_ends_at and o.window_ends_at > wo.window_starts_at) as clash
    from work_order o cross join wo
   where o.technician_id is not null and o.status in (${open})
   group by o.technician_id
), absent as (
  select distinct a.technician_id from technician_absence a cross join wo
   where a.starts_at < wo.window_ends_at and a.ends_at > wo.window_starts_at
), ranked as (
  select t.id, t.user_id, u.display_name, t.territories,
         (select count(*)::int from jsonb_array_elements(wo.required_skills) r
           where coalesce((t.skills ->> (r ->> 'skill'))::int, 0) >= (r ->> 'level')::int) as skills_met,
         jsonb_array_length(wo.required_skills) as skills_required,
         coalesce(wo.territory = any (t.territories), false) as in_territory,
         absent.technician_id is null as present,
         exists (select 1 from jsonb_array_elements(coalesce(t.working_hours -> wo.weekday, '[]')) h
                  where (h ->> 'start')::time <= wo.starts and (h ->> 'end')::time >= wo.ends) as working,
         not coalesce(jobs.clash, false) as free,
         coalesce(jobs.load, 0) as load,
         case when wo.latitude is null then null else
           2 * ${EARTH_RADIUS_KM} * asin(sqrt(
             power(sin(radians(wo.latitude - t.home_latitude) / 2), 2)
             + cos(radians(t.home_latitude)) * cos(radians(wo.latitude)) * power(sin(radians(wo.longitude - t.home_longitude) / 2), 2)))
         end as distance_km
    from wo cross join technician t join app_user u on u.id = t.user_id
         left join jobs on jobs.technician_id = t.id
         left join absent on absent.technician_id = t.id
   where u.active
     and (wo.organization_id is null or u.served_organization_ids @> jsonb_build_array(wo.organization_id::text))
     and not wo.rejections @> jsonb_build_array(jsonb_build_object('technicianId', t.id::text))
)
select *, (skills_met = skills_required) as qualified, (present and working and free) as available
  from ranked
 order by (skills_met = skills_required) desc, (present and working and free) desc, in_territory desc,
          distance_km asc nulls last, load asc, id
 limit ?`;

export interface SuggestionRow {
  id: string;
  user_id: string;
  display_name: string;
  territories: string[];
  skills_met: number;
  skills_required: number;
  in_territory: boolean;
  present: boolean;
  working: boolean;
  free: boolean;
  load: number;
  distance_km: number | null;
  qualified: boolean;
  available: boolean;
}

/** Runs {@link SUGGESTIONS_SQL} in the caller's transaction and tenant scope. */
export function suggestTechnicians(em: EntityManager, workOrderId: string, limit: number): Promise<SuggestionRow[]> {
  return em.execute<SuggestionRow[]>(SUGGESTIONS_SQL, [workOrderId, limit]);
}
