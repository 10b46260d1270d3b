import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One deployed version of a Camunda form (a `.form` file: form-js JSON with an `id`); immutable once stored. */
export const FormDefinition = defineEntity({
  name: 'FormDefinition',
  tableName: 'form_definition',
  properties: {
    id: p.uuid().primary(),
    formId: p.string(),
    version: p.integer(),
    /** The form's own `versionTag`, which a user task's `bindingType="versionTag"` names. */
    versionTag: p.string().nullable(),
    resourceName: p.string().nullable(),
    schema: p.json<Record<string, unknown>>(),
    contentHash: p.string(),
    deployedAt: p.datetime(),
  },
  uniques: [{ properties: ['formId', 'version'] }],
});
export type FormDefinition = InferEntity<typeof FormDefinition>;
