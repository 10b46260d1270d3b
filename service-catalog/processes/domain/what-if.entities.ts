import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ProcessGraph } from '../../../engine/compiler/process-graph';
import type { InstanceComparison, WhatIfTotals } from '../../../engine/runtime/what-if/compare-replays';
import { tenantOwned } from '../../db/tenant';

export type WhatIfItemState = 'pending' | 'replayed' | 'failed';

/** One what-if run: the instances of `processId` started in [periodFrom, periodTo) replayed on a candidate graph. */
export const WhatIfRun = defineEntity({
  name: 'WhatIfRun',
  tableName: 'process_what_if_run',
  properties: {
    id: p.uuid().primary(),
    processId: p.string(),
    candidateGraph: p.json<ProcessGraph>(),
    candidateXml: p.text().lazy(),
    periodFrom: p.datetime(),
    periodTo: p.datetime(),
    slaResolutionMs: p.bigint('number').nullable(),
    state: p.string().$type<'running' | 'finished'>(),
    total: p.integer(),
    totals: p.json<WhatIfTotals>().nullable(),
    requestedBy: p.string(),
    createdAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type WhatIfRun = InferEntity<typeof WhatIfRun>;

/** One instance of a run and what its replay found. */
export const WhatIfItem = defineEntity({
  name: 'WhatIfItem',
  tableName: 'process_what_if_item',
  properties: {
    runId: p.uuid().primary(),
    instanceId: p.uuid().primary(),
    definitionId: p.uuid(),
    state: p.string().$type<WhatIfItemState>(),
    diverges: p.boolean().nullable(),
    comparison: p.json<InstanceComparison>().nullable(),
    message: p.text().nullable(),
    ...tenantOwned.properties,
  },
  filters: tenantOwned.filters,
});
export type WhatIfItem = InferEntity<typeof WhatIfItem>;
