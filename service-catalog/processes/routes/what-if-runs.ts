import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { WhatIfService, type WhatIfRequest } from '../domain/what-if-service';
import type { WhatIfItem, WhatIfItemState, WhatIfRun } from '../domain/what-if.entities';
import { OWNER_SCOPES } from '../route-scopes';
import { whatIfItems, whatIfItemsQuery, whatIfPayload, whatIfRun } from '../what-if-schemas';

const byId = Joi.object({ id: Joi.string().guid().required() });
const tags = ['api', 'processes'];
const auth = { access: { scope: OWNER_SCOPES } };

const presentRun = ({ run: r, counts, diverging }: { run: WhatIfRun; counts: Record<WhatIfItemState, number>; diverging: number }) => ({
  id: r.id,
  processId: r.processId,
  periodFrom: r.periodFrom,
  periodTo: r.periodTo,
  slaHours: r.slaResolutionMs !== null && r.slaResolutionMs !== undefined ? Number(r.slaResolutionMs) / 3_600_000 : null,
  state: r.state,
  total: r.total,
  counts,
  diverging,
  totals: r.totals ?? null,
  requestedBy: r.requestedBy,
  createdAt: r.createdAt,
  finishedAt: r.finishedAt ?? null,
});
const presentItem = (i: WhatIfItem) => ({
  instanceId: i.instanceId,
  businessKey: i.comparison?.businessKey ?? null,
  state: i.state,
  diverges: i.diverges ?? null,
  reasons: i.comparison?.reasons ?? [],
  recorded: i.comparison?.recorded ?? null,
  candidate: i.comparison?.candidate ?? null,
  message: i.message ?? null,
});

export const startWhatIf: ServerRoute = {
  method: 'POST',
  path: '/process-definitions/{id}/what-if',
  options: {
    auth,
    tags,
    description: "Replay a period's instances of this process on a candidate diagram, beside what really happened; 202 with the run",
    notes:
      'Every instance of the process started in [from, to) that you may see, closed or open, is replayed from its recorded events through the interpreter, in a worker. 422 with element ids when the candidate does not compile (nothing replayed); 422 naming the cap (FLOWDESK_WHATIF_MAX_INSTANCES) when the period holds more instances; 409 when it holds none. GET /process-what-ifs/{id} shows progress and totals.',
    validate: { params: byId, payload: whatIfPayload },
    response: { status: { 202: whatIfRun } },
  },
  async handler(request, h) {
    const service = new WhatIfService(request.app.em, request.server.app.engine, request.server.app.compiler);
    const run = await service.start(
      request.params.id as string,
      request.payload as WhatIfRequest,
      actorOf(principalOf(request)),
      request.server.app.whatIfMaxInstances,
    );
    return h.response(presentRun(await service.get(run.id))).code(202);
  },
};

export const getWhatIf: ServerRoute = {
  method: 'GET',
  path: '/process-what-ifs/{id}',
  options: {
    auth,
    tags,
    description: 'A what-if run: its progress and, once finished, its totals per element and per outcome',
    validate: { params: byId },
    response: { schema: whatIfRun },
  },
  async handler(request) {
    return presentRun(await new WhatIfService(request.app.em).get(request.params.id as string));
  },
};

export const listWhatIfInstances: ServerRoute = {
  method: 'GET',
  path: '/process-what-ifs/{id}/instances',
  options: {
    auth,
    tags,
    description:
      "A what-if run's instances side by side: what the record does on the diagram each ran and on the candidate, and why they diverge",
    validate: { params: byId, query: whatIfItemsQuery },
    response: { schema: whatIfItems },
  },
  async handler(request) {
    const service = new WhatIfService(request.app.em);
    await service.get(request.params.id as string);
    const [items, total] = await service.items(
      request.params.id as string,
      request.query as { diverging?: boolean; limit: number; offset: number },
    );
    return { items: items.map(presentItem), total };
  },
};
