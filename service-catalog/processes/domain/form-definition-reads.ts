import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../../errors';
import { FormDefinition } from './form-definition.entity';

/** One deployed form id: its versions, newest first, and the newest version's tag and deployment time. */
export interface DeployedFormSummary {
  formId: string;
  latestVersion: number;
  versions: number[];
  versionTag: string | null;
  deployedAt: Date;
}

/**
 * The deployed Camunda forms, read back so the studio can reopen one, edit it and deploy the next
 * version (issue 16). Forms are the desk's own definitions, like processes: every desk reads the same list.
 */
export class FormDefinitionReads {
  constructor(private readonly em: EntityManager) {}

  /** Every form id, alphabetically, with its versions. */
  async list(): Promise<DeployedFormSummary[]> {
    const rows = await this.em.find(
      FormDefinition,
      {},
      {
        fields: ['formId', 'version', 'versionTag', 'deployedAt'],
        orderBy: { formId: 'asc', version: 'desc' },
      },
    );
    const byId = new Map<string, DeployedFormSummary>();
    for (const row of rows) {
      const seen = byId.get(row.formId);
      if (seen) seen.versions.push(row.version);
      else
        byId.set(row.formId, {
          formId: row.formId,
          latestVersion: row.version,
          versions: [row.version],
          versionTag: row.versionTag ?? null,
          deployedAt: row.deployedAt,
        });
    }
    return [...byId.values()];
  }

  /** The newest version of a form, or the one asked for; 404 naming the form id (and version). */
  async get(formId: string, version?: number): Promise<FormDefinition> {
    const found = await this.em.findOne(FormDefinition, version === undefined ? { formId } : { formId, version }, {
      orderBy: { version: 'desc' },
    });
    if (found) return found;
    if (version !== undefined && (await this.em.count(FormDefinition, { formId })) > 0)
      throw new NotFound('FORM_VERSION_NOT_FOUND', `form "${formId}" has no version ${version}`);
    throw new NotFound('FORM_NOT_FOUND', `no form "${formId}" is deployed`);
  }
}
