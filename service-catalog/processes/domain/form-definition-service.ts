import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserTaskNode } from '../../../engine/compiler';
import { checkFormSchema } from '../../../engine/forms/form-schema';
import { recordAudit, type Actor } from '../../audit/audit-log';
import { InvalidInput, RuleViolation } from '../../errors';
import { FormDefinition } from './form-definition.entity';
import type { ProcessDefinition } from './process-definition.entity';

/** A `.form` file read and checked, ready to store. */
export interface FormResource {
  formId: string;
  versionTag?: string;
  resourceName?: string;
  schema: Record<string, unknown>;
  contentHash: string;
}

export interface FormDeployResult {
  definition: FormDefinition;
  /** False when identical JSON was already the latest version: nothing new was stored. */
  created: boolean;
  /** Which resource of the deployment the form came from. */
  resourceIndex: number;
}

/** The form a user task shows, resolved as its binding says. */
export interface ResolvedForm {
  schema: Record<string, unknown>;
  /** A linked form's id, version and stored row; absent for a form embedded in the process. */
  formId?: string;
  version?: number;
  formDefinitionId?: string;
}

const FORM_ID = /^[A-Za-z_][\w.-]{0,254}$/;

/**
 * Reads one `.form` resource (the JSON text of a file, or the object): form-js JSON with an `id`, as
 * Camunda Modeler saves it. 400 when it is not a JSON object; 422 naming every field path (`at` +
 * `.id`, `.components.2.key`…) the server cannot deploy.
 */
export function readFormResource(content: string | Record<string, unknown>, at: string, resourceName?: string): FormResource {
  let schema: unknown = content;
  if (typeof content === 'string') {
    try {
      schema = JSON.parse(content.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new InvalidInput('FORM_NOT_JSON', `${at}: a .form file is JSON; ${(err as Error).message}`, [
        { field: at, message: 'is not JSON' },
      ]);
    }
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    throw new InvalidInput('FORM_NOT_JSON', `${at}: a .form file is a JSON object`, [{ field: at, message: 'is not a JSON object' }]);
  const form = schema as Record<string, unknown>;
  const problems = checkFormSchema(form, at, { camunda: true });
  if (typeof form.id !== 'string' || !FORM_ID.test(form.id))
    problems.unshift({ field: `${at}.id`, message: 'a deployed form needs an id (letters, digits, _ . and -), which user tasks name' });
  if (form.versionTag !== undefined && (typeof form.versionTag !== 'string' || form.versionTag.length > 255))
    problems.push({ field: `${at}.versionTag`, message: 'must be text of at most 255 characters' });
  if (problems.length) throw new RuleViolation('INVALID_FORM', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return {
    formId: form.id as string,
    ...(typeof form.versionTag === 'string' && form.versionTag ? { versionTag: form.versionTag } : {}),
    ...(resourceName ? { resourceName } : {}),
    schema: form,
    contentHash: createHash('sha256').update(JSON.stringify(form)).digest('hex'),
  };
}

/**
 * Stores each form as the next version of its form id, in the caller's transaction (a deployment is
 * all or nothing). Identical JSON to the latest version is not a new version, as in Camunda.
 */
export async function storeForms(em: EntityManager, forms: readonly FormResource[], actor: Actor): Promise<FormDeployResult[]> {
  const twice = forms.map((f) => f.formId).find((id, i, all) => all.indexOf(id) !== i);
  if (twice)
    throw new RuleViolation('DUPLICATE_FORM_ID', `form "${twice}" is in the deployment more than once`, [
      { field: 'payload.resources', message: `form "${twice}" twice` },
    ]);
  const results: FormDeployResult[] = [];
  for (const [resourceIndex, form] of forms.entries()) {
    const latest = await em.findOne(FormDefinition, { formId: form.formId }, { orderBy: { version: 'desc' } });
    if (latest && latest.contentHash === form.contentHash) {
      results.push({ definition: latest, created: false, resourceIndex });
      continue;
    }
    const definition = em.create(FormDefinition, {
      id: randomUUID(),
      formId: form.formId,
      version: (latest?.version ?? 0) + 1,
      versionTag: form.versionTag ?? null,
      resourceName: form.resourceName ?? null,
      schema: form.schema,
      contentHash: form.contentHash,
      deployedAt: new Date(),
    });
    recordAudit(em, actor, {
      action: 'formDefinition.deployed',
      entity: 'FormDefinition',
      entityId: definition.id,
      before: latest ? { id: latest.id, version: latest.version, contentHash: latest.contentHash } : null,
      after: { formId: definition.formId, version: definition.version, contentHash: form.contentHash },
    });
    em.persist(definition);
    results.push({ definition, created: true, resourceIndex });
  }
  return results;
}

/**
 * The form a user task of this process version shows: its embedded form, or the linked form by its
 * binding: `latest` the newest deployed version now, `deployment` the version deployed with the
 * process, `versionTag` the newest version with that tag. Null: the task has no Camunda form, or the
 * linked form is not deployed (the engine keeps such a task from opening with a FORM_NOT_FOUND incident, as Camunda does).
 */
export async function resolveTaskForm(
  em: EntityManager,
  definition: ProcessDefinition,
  node: Pick<UserTaskNode, 'form'>,
): Promise<ResolvedForm | null> {
  const form = node.form;
  if (!form) return null;
  if ('embeddedFormId' in form) {
    const schema = definition.graph.embeddedForms?.[form.embeddedFormId];
    return schema ? { schema } : null;
  }
  let found: FormDefinition | null = null;
  if (form.bindingType === 'deployment') {
    const id = definition.formBindings?.[form.formId];
    found = id ? await em.findOne(FormDefinition, { id }) : null;
  } else {
    const where = form.bindingType === 'versionTag' ? { formId: form.formId, versionTag: form.versionTag ?? '' } : { formId: form.formId };
    found = await em.findOne(FormDefinition, where, { orderBy: { version: 'desc' } });
  }
  return found ? { schema: found.schema, formId: found.formId, version: found.version, formDefinitionId: found.id } : null;
}
