import type { ServerRoute } from '@hapi/hapi';
import type { ElementMapping } from '../../../engine/runtime/migrate-state';
import { principalOf } from '../../identity/auth-plugin';
import { actorOf } from '../../identity/domain/principal';
import { ProcessInstanceOperations, type MigrationPreview } from '../domain/process-instance-operations';
import { OWNER_SCOPES } from '../route-scopes';
import { instanceIdParams, migratePayload, migrationPlan } from '../schemas';

type MigrateBody = { targetDefinitionId: string; mappings: ElementMapping[] };

function presentPlan({ instance, target, plan }: MigrationPreview, from: { id: string; version: number }) {
  return {
    instanceId: instance.id,
    from: { definitionId: from.id, version: from.version },
    to: { definitionId: target.id, version: target.version },
    possible: plan.problems.length === 0,
    elements: plan.items,
    problems: plan.problems,
  };
}

export const previewMigration: ServerRoute = {
  method: 'POST',
  path: '/process-instances/{id}/migrate/preview',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Dry run of a migration: what would happen to each active element (keep, map, refuse), changing nothing',
    validate: { params: instanceIdParams, payload: migratePayload },
    response: { schema: migrationPlan },
  },
  async handler(request) {
    const { targetDefinitionId, mappings } = request.payload as MigrateBody;
    const preview = await new ProcessInstanceOperations(request.app.em, request.server.app.engine).previewMigration(
      request.params.id as string,
      targetDefinitionId,
      mappings,
    );
    return presentPlan(preview, { id: preview.instance.definition.id, version: preview.instance.version });
  },
};

export const migrateProcessInstance: ServerRoute = {
  method: 'POST',
  path: '/process-instances/{id}/migrate',
  options: {
    auth: { access: { scope: OWNER_SCOPES } },
    tags: ['api', 'processes'],
    description: 'Move a running instance to another version of its process, mapping element ids where they changed',
    notes:
      'Each active element continues on the element with the same id in the target version, or on the one its mapping names. 422 names every active element that has no target (or a target of another kind / scope), and mappings that name unknown elements; 409 the instance has ended or is already on that version.',
    validate: { params: instanceIdParams, payload: migratePayload },
    response: { schema: migrationPlan },
  },
  async handler(request) {
    const { targetDefinitionId, mappings } = request.payload as MigrateBody;
    const ops = new ProcessInstanceOperations(request.app.em, request.server.app.engine);
    const id = request.params.id as string;
    const { preview, from } = await ops.migrate(id, targetDefinitionId, mappings, actorOf(principalOf(request)));
    return { ...presentPlan(preview, from), migrated: true };
  },
};
