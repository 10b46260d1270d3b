import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../../identity/domain/user.entity';
import { OPEN_ASSIGNED_STATUSES } from './dispatch-suggestions';
import { Technician, TechnicianAbsence } from './technician.entity';
import { WorkOrder } from './work-order.entity';

const DAY_MS = 24 * 60 * 60_000;

export interface DispatchBoard {
  days: string[];
  technicians: Array<{ technician: Technician; displayName: string; absences: TechnicianAbsence[]; workOrders: WorkOrder[] }>;
  unassigned: WorkOrder[];
}

/**
 * The dispatcher's board: work orders × technicians × days. For `days` days from `from` (UTC dates),
 * each technician (optionally of one territory) with their absences and the jobs assigned to them
 * whose window meets those days, and the jobs nobody has yet. Four queries, whatever the size.
 */
export async function dispatchBoard(em: EntityManager, query: { from: string; days: number; territory?: string }): Promise<DispatchBoard> {
  const start = new Date(`${query.from}T00:00:00.000Z`);
  const end = new Date(start.getTime() + query.days * DAY_MS);
  const days = Array.from({ length: query.days }, (_, i) => new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10));
  const technicians = await em.find(Technician, query.territory ? { territories: { $contains: [query.territory] } } : {}, {
    orderBy: { id: 'asc' },
  });
  const ids = technicians.map((t) => t.id);
  // One after the other: the queries share the request's transaction (and its tenant scope).
  const users = await em.find(User, { id: { $in: technicians.map((t) => t.userId) } });
  const absences = await em.find(
    TechnicianAbsence,
    { technicianId: { $in: ids }, startsAt: { $lt: end }, endsAt: { $gt: start } },
    { orderBy: { startsAt: 'asc' } },
  );
  const jobs = await em.find(
    WorkOrder,
    {
      windowStartsAt: { $lt: end },
      windowEndsAt: { $gt: start },
      $or: [
        { technicianId: { $in: ids }, status: { $in: [...OPEN_ASSIGNED_STATUSES] } },
        { technicianId: null, status: 'created' },
      ],
    },
    { orderBy: { windowStartsAt: 'asc', id: 'asc' } },
  );
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return {
    days,
    technicians: technicians.map((technician) => ({
      technician,
      displayName: names.get(technician.userId) ?? '',
      absences: absences.filter((a) => a.technicianId === technician.id),
      workOrders: jobs.filter((w) => w.technicianId === technician.id),
    })),
    unassigned: jobs.filter((w) => !w.technicianId),
  };
}
