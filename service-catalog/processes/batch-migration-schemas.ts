import Joi from 'joi';
import { BATCH_MIGRATION_CAP } from './domain/batch-migration-service';
import { migratePayload, uuid } from './schemas';

const anyUuid = Joi.string().guid();

export const batchMigrationPayload = migratePayload
  .keys({
    instanceIds: Joi.array()
      .items(anyUuid)
      .min(1)
      .max(BATCH_MIGRATION_CAP)
      .unique()
      .description('only these running instances; all when absent'),
  })
  .label('BatchMigration');

const detail = Joi.object({ elementId: Joi.string(), field: Joi.string(), message: Joi.string().required(), code: Joi.string() }).label(
  'BatchMigrationProblem',
);
const version = Joi.object({ definitionId: uuid.required(), version: Joi.number().integer().required() });

export const batchMigrationPreview = Joi.object({
  source: version.required(),
  target: version.required(),
  total: Joi.number().integer().required(),
  movable: Joi.number().integer().required(),
  elements: Joi.array()
    .items(
      Joi.object({
        elementId: Joi.string().required(),
        action: Joi.string().valid('keep', 'map', 'refuse').required(),
        targetElementId: Joi.string(),
        instances: Joi.number().integer().required(),
      }).label('BatchMigrationMove'),
    )
    .required(),
  refused: Joi.array()
    .items(
      Joi.object({
        instanceId: Joi.string().required(),
        businessKey: Joi.string().allow(null).required(),
        problems: Joi.array().items(detail).required(),
      }).label('BatchMigrationRefusal'),
    )
    .required(),
}).label('BatchMigrationPreview');

export const migrationBatch = Joi.object({
  id: Joi.string().required(),
  processId: Joi.string().required(),
  sourceDefinitionId: Joi.string().required(),
  targetDefinitionId: Joi.string().required(),
  mappings: Joi.array()
    .items(Joi.object({ from: Joi.string(), to: Joi.string() }))
    .required(),
  state: Joi.string().valid('running', 'finished').required(),
  total: Joi.number().integer().required(),
  counts: Joi.object({ pending: Joi.number().integer(), migrated: Joi.number().integer(), failed: Joi.number().integer() }).required(),
  requestedBy: Joi.string().required(),
  createdAt: Joi.date().iso().required(),
  finishedAt: Joi.date().iso().allow(null).required(),
}).label('MigrationBatch');

export const migrationBatchItems = Joi.object({
  items: Joi.array()
    .items(
      Joi.object({
        instanceId: Joi.string().required(),
        state: Joi.string().valid('pending', 'migrated', 'failed').required(),
        message: Joi.string().allow(null).required(),
        problems: Joi.array().items(detail).allow(null).required(),
        finishedAt: Joi.date().iso().allow(null).required(),
      }).label('MigrationBatchItem'),
    )
    .required(),
  total: Joi.number().integer().required(),
}).label('MigrationBatchItems');

export const batchItemsQuery = Joi.object({
  state: Joi.string().valid('pending', 'migrated', 'failed'),
  limit: Joi.number().integer().min(1).max(500).default(100),
  offset: Joi.number().integer().min(0).default(0),
});
