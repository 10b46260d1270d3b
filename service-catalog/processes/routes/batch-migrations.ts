import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { BatchMigrationService, type BatchMigrationRequest } from '../domain/batch-migration-service';
import type { MigrationBatch, MigrationItem, MigrationItemState } from '../domain/migration-batch.entities';
import { OWNER_SCOPES } from '../route-scopes';
import {
  batchItemsQuery,
  batchMigrationPayload,
  batchMigrationPreview,
  migrationBatch,
  migrationBatchItems,
} from '../batch-migration-schemas';

const byId = Joi.object({ id: Joi.string().guid().required() });
const tags = ['api', 'processes'];
const auth = { access: { scope: OWNER_SCOPES } };

const presentBatch = ({ batch: b, counts }: { batch: MigrationBatch; counts: Record<MigrationItemState, number> }) => ({
  id: b.id,
  processId: b.processId,
  sourceDefinitionId: b.sourceDefinitionId,
  targetDefinitionId: b.targetDefinitionId,
  mappings: b.mappings,
  state: b.state,
  total: b.total,
  counts,
  requestedBy: b.requestedBy,
  createdAt: b.createdAt,
  finishedAt: b.finishedAt ?? null,
});
const presentItem = (i: MigrationItem) => ({
  instanceId: i.instanceId,
  state: i.state,
  message: i.message ?? null,
  problems: i.problems ?? null,
  finishedAt: i.finishedAt ?? null,
});

export const previewBatchMigration: ServerRoute = {
  method: 'POST',
  path: '/process-definitions/{id}/migrations/preview',
  options: {
    auth,
    tags,
    description: 'Dry run of moving every running instance of this version (or instanceIds) to another version, changing nothing',
    notes: `Per source element: where its tokens go and in how many instances; every instance that could not move, with why. At most 2,000 instances (422 naming payload.instanceIds).`,
    validate: { params: byId, payload: batchMigrationPayload },
    response: { schema: batchMigrationPreview },
  },
  async handler(request) {
    return new BatchMigrationService(request.app.em, request.server.app.engine).preview(
      request.params.id as string,
      request.payload as BatchMigrationRequest,
    );
  },
};

export const startBatchMigration: ServerRoute = {
  method: 'POST',
  path: '/process-definitions/{id}/migrations',
  options: {
    auth,
    tags,
    description: 'Move every running instance of this version (or instanceIds) to another version, as a workflow; 202 with the batch',
    notes:
      'Instances that cannot move are reported per instance in the batch, never half-moved; GET /process-migrations/{id} shows progress.',
    validate: { params: byId, payload: batchMigrationPayload },
    response: { status: { 202: migrationBatch } },
  },
  async handler(request, h) {
    const service = new BatchMigrationService(request.app.em, request.server.app.engine);
    const batch = await service.start(request.params.id as string, request.payload as BatchMigrationRequest, actorOf(principalOf(request)));
    return h.response(presentBatch(await service.get(batch.id))).code(202);
  },
};

export const getBatchMigration: ServerRoute = {
  method: 'GET',
  path: '/process-migrations/{id}',
  options: {
    auth,
    tags,
    description: 'A batch migration and its progress',
    validate: { params: byId },
    response: { schema: migrationBatch },
  },
  async handler(request) {
    return presentBatch(await new BatchMigrationService(request.app.em, request.server.app.engine).get(request.params.id as string));
  },
};

export const listBatchMigrationItems: ServerRoute = {
  method: 'GET',
  path: '/process-migrations/{id}/items',
  options: {
    auth,
    tags,
    description: "A batch migration's instances and what became of each (state=failed: those that could not move, with why)",
    validate: { params: byId, query: batchItemsQuery },
    response: { schema: migrationBatchItems },
  },
  async handler(request) {
    const service = new BatchMigrationService(request.app.em, request.server.app.engine);
    await service.get(request.params.id as string);
    const [items, total] = await service.items(
      request.params.id as string,
      request.query as { state?: MigrationItemState; limit: number; offset: number },
    );
    return { items: items.map(presentItem), total };
  },
};
