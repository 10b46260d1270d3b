import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { ProcessInstance } from './process-instance.entity';

export type InstanceListStatus = 'RUNNING' | 'COMPLETED' | 'CANCELED';
export type InstanceSort =
  'startedAt' | '-startedAt' | 'endedAt' | '-endedAt' | 'processId' | '-processId' | 'businessKey' | '-businessKey';

export interface InstanceSearch {
  /** One instance by its id (Camunda's processInstanceKey filter). */
  id?: string;
  /** The owning organisation; null for internal instances (Camunda's tenantId filter). */
  organizationId?: string | null;
  processId?: string;
  version?: number;
  definitionId?: string;
  status?: InstanceListStatus;
  businessKey?: string;
  hasIncident?: boolean;
  /** Instances with a token on this element right now. */
  activeElementId?: string;
  startedAfter?: Date;
  startedBefore?: Date;
  endedAfter?: Date;
  endedBefore?: Date;
  sort: InstanceSort;
  limit: number;
  offset: number;
}

const PROJECTED_STATUS: Record<InstanceListStatus, string> = { RUNNING: 'active', COMPLETED: 'completed', CANCELED: 'terminated' };

/**
 * One SQL query over the instance records and their projections, under the request's tenant filter.
 * Filters on live state (status, incidents, ended time) use the projection, so an instance whose
 * workflow has not yet reached its first wait state matches none of them.
 */
export async function searchInstances(em: EntityManager, q: InstanceSearch): Promise<{ rows: ProcessInstance[]; total: number }> {
  const projection: Record<string, unknown> = {};
  if (q.status) projection.status = PROJECTED_STATUS[q.status];
  if (q.hasIncident !== undefined) projection.openIncidentCount = q.hasIncident ? { $gt: 0 } : 0;
  if (q.endedAfter || q.endedBefore)
    projection.endedAt = { ...(q.endedAfter ? { $gte: q.endedAfter } : {}), ...(q.endedBefore ? { $lt: q.endedBefore } : {}) };
  if (q.activeElementId) projection.activeElementIds = { $contains: [q.activeElementId] };
  const where = {
    ...(q.id ? { id: q.id } : {}),
    ...(q.organizationId !== undefined ? { organizationId: q.organizationId } : {}),
    ...(q.processId ? { processId: q.processId } : {}),
    ...(q.version !== undefined ? { version: q.version } : {}),
    ...(q.definitionId ? { definition: q.definitionId } : {}),
    ...(q.businessKey ? { businessKey: q.businessKey } : {}),
    ...(q.startedAfter || q.startedBefore
      ? { startedAt: { ...(q.startedAfter ? { $gte: q.startedAfter } : {}), ...(q.startedBefore ? { $lt: q.startedBefore } : {}) } }
      : {}),
    ...(Object.keys(projection).length ? { projection } : {}),
  } as FilterQuery<ProcessInstance>;
  const desc = q.sort.startsWith('-');
  const field = q.sort.replace(/^-/, '') as 'startedAt' | 'endedAt' | 'processId' | 'businessKey';
  const dir = desc ? 'desc' : 'asc';
  const orderBy = field === 'endedAt' ? { projection: { endedAt: `${dir} nulls last` } } : { [field]: dir };
  const [rows, total] = await em.findAndCount(ProcessInstance, where, {
    populate: ['projection'],
    orderBy: [orderBy as never, { startedAt: 'desc' }, { id: 'asc' }],
    limit: q.limit,
    offset: q.offset,
  });
  return { rows, total };
}
