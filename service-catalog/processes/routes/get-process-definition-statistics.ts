import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { ProcessDefinitionService } from '../domain/process-definition-service';
import { ProcessInstance } from '../domain/process-instance.entity';
import type { ProcessInstanceProjection } from '../domain/process-instance-projection.entity';
import { STAFF_SCOPES } from '../route-scopes';
import { statisticsResponse, uuid } from '../schemas';

/** Counted over at most this many running instances; a heatmap, not an accounting report. */
const MAX_COUNTED = 10_000;

export const getProcessDefinitionStatistics: ServerRoute = {
  method: 'GET',
  path: '/process-definitions/{id}/statistics',
  options: {
    auth: { access: { scope: STAFF_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Running instances of this version per element (tokens and open incidents): the studio’s heatmap',
    notes: 'From the instance projection, over the instances you may see (tenant-scoped).',
    validate: { params: Joi.object({ id: uuid.required() }) },
    response: { schema: statisticsResponse },
  },
  async handler(request) {
    const definition = await new ProcessDefinitionService(request.app.em).get(request.params.id as string);
    const rows = await request.app.em.find(
      ProcessInstance,
      { definition: definition.id, projection: { status: 'active' } },
      { populate: ['projection'], limit: MAX_COUNTED },
    );
    const counts = new Map<string, { active: number; incidents: number }>();
    const at = (id: string) => counts.get(id) ?? counts.set(id, { active: 0, incidents: 0 }).get(id)!;
    for (const row of rows) {
      const projection = row.projection as ProcessInstanceProjection | null;
      if (!projection) continue;
      for (const elementId of projection.activeElementIds) at(elementId).active++;
      for (const incident of projection.incidents) at(incident.elementId).incidents++;
    }
    return {
      definitionId: definition.id,
      elements: [...counts].map(([elementId, c]) => ({ elementId, ...c })).sort((a, b) => a.elementId.localeCompare(b.elementId)),
    };
  },
};
