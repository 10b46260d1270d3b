import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../../audit/audit-log';
import { RuleViolation } from '../../errors';
import { Contract } from '../../identity/domain/contract.entity';
import { owningOrganization } from '../../identity/domain/owning-organization';
import { actorOf, type Principal } from '../../identity/domain/principal';
import { Site } from '../../identity/domain/site.entity';
import { checkCiFields, type CiFields } from './ci-fields';
import { ciRow, csvRecords, relationRow, type CiRow } from './ci-import-rows';
import { CiRelation } from './ci-relation.entity';
import { ciView, fieldsOf } from './ci-service';
import { ConfigurationItem } from './configuration-item.entity';
import type { LifecycleState } from './lifecycle';
import { relationView } from './relation-service';

export interface ImportRequest {
  format: 'csv' | 'json';
  dryRun: boolean;
  organizationId?: string | null;
  cis?: string | Array<Record<string, unknown>>;
  relations?: string | Array<Record<string, unknown>>;
}

export interface RowReport {
  section: 'cis' | 'relations';
  row: number;
  key: string;
  action: 'create' | 'update' | 'unchanged' | 'refuse';
  changes?: string[];
  problems?: Array<{ field: string; message: string }>;
}

export interface ImportReport {
  dryRun: boolean;
  applied: boolean;
  organizationId: string | null;
  summary: Record<RowReport['action'], number>;
  rows: RowReport[];
}

/**
 * CSV or JSON import of CIs and relations into one organisation, matched by CI key. The plan says per
 * row what would be created, changed (which fields) or refused (and why); a dry run stops there. A run
 * with any refused row writes nothing (422 with the refusals); otherwise every write happens in one
 * transaction. A row equal to what is stored is `unchanged` and not written, so importing the same
 * file again changes nothing. Relations present in the CMDB but absent from the file are kept.
 */
export async function importCis(em: EntityManager, principal: Principal, request: ImportRequest): Promise<ImportReport> {
  const organizationId = await owningOrganization(em, principal, request.organizationId);
  const fromCsv = request.format === 'csv';
  const records = (section: 'cis' | 'relations') => {
    const given = request[section];
    if (given === undefined) return [];
    return typeof given === 'string' ? csvRecords(given, section) : given;
  };
  const ciRows = records('cis').map((r, i) => ciRow(r, i, fromCsv));
  const relationRows = records('relations').map((r, i) => relationRow(r, i, fromCsv));

  const sites = await em.find(Site, { organizationId });
  const contracts = await em.find(Contract, { organizationId });
  const byIdOrName = <T extends { id: string; name: string }>(list: T[], ref: string) => list.find((x) => x.id === ref || x.name === ref);
  const existing = new Map(
    (await em.find(ConfigurationItem, { organizationId, key: { $in: ciRows.map((r) => r.key).filter(Boolean) } })).map((c) => [c.key, c]),
  );

  const reports: RowReport[] = [];
  const creates: CiFields[] = [];
  const updates: Array<{ ci: ConfigurationItem; fields: CiFields }> = [];
  const keysInFile = new Map<string, number>();
  const refusedKeys = new Set<string>();
  for (const row of ciRows) {
    const problems = [...row.problems];
    const earlier = keysInFile.get(row.key);
    if (row.key && earlier !== undefined) problems.push({ field: `cis[${row.row}].key`, message: `repeats the key of row ${earlier}` });
    else if (row.key) keysInFile.set(row.key, row.row);
    const fields = await resolve(row, problems);
    const current = existing.get(row.key);
    if (fields && !problems.length)
      for (const p of await checkCiFields(em, fields, organizationId, `cis[${row.row}]`, current?.lifecycleState))
        problems.push({ field: p.field, message: p.message });
    if (problems.length || !fields) {
      refusedKeys.add(row.key);
      reports.push({ section: 'cis', row: row.row, key: row.key, action: 'refuse', problems });
    } else if (!current) {
      creates.push(fields);
      reports.push({ section: 'cis', row: row.row, key: row.key, action: 'create' });
    } else {
      const changes = changedFields(fieldsOf(current), fields);
      if (changes.length) updates.push({ ci: current, fields });
      reports.push({
        section: 'cis',
        row: row.row,
        key: row.key,
        action: changes.length ? 'update' : 'unchanged',
        ...(changes.length ? { changes } : {}),
      });
    }
  }

  const endpoints = new Map(
    (
      await em.find(ConfigurationItem, {
        organizationId,
        key: { $in: [...new Set(relationRows.flatMap((r) => [r.source, r.target]))].filter((k) => k && !existing.has(k)) },
      })
    ).map((c) => [c.key, c.id]),
  );
  for (const [key, ci] of existing) endpoints.set(key, ci.id);
  const existingRelations = new Set(
    (await em.find(CiRelation, { sourceId: { $in: [...endpoints.values()] } })).map((r) => `${r.sourceId}|${r.type}|${r.targetId}`),
  );
  const newIds = new Map(creates.map((c) => [c.key, randomUUID()]));
  const relationCreates: Array<{ sourceId: string; type: CiRelation['type']; targetId: string }> = [];
  const seen = new Map<string, number>();
  for (const row of relationRows) {
    const problems = [...row.problems];
    const idOf = (key: string, field: 'source' | 'target') => {
      if (!key) return undefined;
      const id = newIds.get(key) ?? endpoints.get(key);
      if (!id)
        problems.push({
          field: `relations[${row.row}].${field}`,
          message: refusedKeys.has(key)
            ? `CI "${key}" is refused in this import`
            : `no CI with key "${key}" in the file or the organisation`,
        });
      return id;
    };
    const sourceId = idOf(row.source, 'source');
    const targetId = idOf(row.target, 'target');
    if (sourceId && sourceId === targetId)
      problems.push({ field: `relations[${row.row}].target`, message: 'a CI cannot relate to itself' });
    const identity = `${sourceId}|${row.type}|${targetId}`;
    const key = `${row.source} ${row.type} ${row.target}`;
    if (!problems.length && seen.has(identity))
      problems.push({ field: `relations[${row.row}]`, message: `repeats row ${seen.get(identity)}` });
    if (problems.length || !sourceId || !targetId) {
      reports.push({ section: 'relations', row: row.row, key, action: 'refuse', problems });
      continue;
    }
    seen.set(identity, row.row);
    const known = existingRelations.has(identity);
    if (!known) relationCreates.push({ sourceId, type: row.type, targetId });
    reports.push({ section: 'relations', row: row.row, key, action: known ? 'unchanged' : 'create' });
  }

  const summary = { create: 0, update: 0, unchanged: 0, refuse: 0 };
  for (const r of reports) summary[r.action]++;
  const report: ImportReport = { dryRun: request.dryRun, applied: false, organizationId, summary, rows: reports };
  if (request.dryRun) return report;
  if (summary.refuse) {
    const details = reports.flatMap((r) => r.problems ?? []);
    throw new RuleViolation('IMPORT_REFUSED', `${summary.refuse} row(s) refused; nothing was imported`, details);
  }
  if (!creates.length && !updates.length && !relationCreates.length) return { ...report, applied: true };
  const actor = actorOf(principal);
  await em.transactional(async (tx) => {
    const now = new Date();
    for (const fields of creates) {
      const ci = tx.create(ConfigurationItem, {
        id: newIds.get(fields.key)!,
        organizationId,
        ...fields,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      recordAudit(tx, actor, { action: 'ci.imported', entity: 'ConfigurationItem', entityId: ci.id, after: ciView(ci) });
    }
    for (const { ci: stale, fields } of updates) {
      const ci = await tx.findOneOrFail(ConfigurationItem, { id: stale.id });
      const before = ciView(ci);
      tx.assign(ci, { ...fields, version: ci.version + 1, updatedAt: now });
      recordAudit(tx, actor, { action: 'ci.updated', entity: 'ConfigurationItem', entityId: ci.id, before, after: ciView(ci) });
    }
    // The CIs first: the relations' foreign keys need them.
    await tx.flush();
    for (const r of relationCreates) {
      const relation = tx.create(CiRelation, { id: randomUUID(), organizationId, ...r, createdAt: now });
      recordAudit(tx, actor, { action: 'ciRelation.created', entity: 'CiRelation', entityId: relation.id, after: relationView(relation) });
    }
  });
  return { ...report, applied: true };

  /** The row's fields with its site and contract looked up in the organisation; null when they cannot be. */
  async function resolve(row: CiRow, problems: RowReport['problems'] & object): Promise<CiFields | null> {
    const site = row.site ? byIdOrName(sites, row.site) : undefined;
    if (row.site && !site) problems.push({ field: `cis[${row.row}].site`, message: `no site "${row.site}" of the organisation` });
    const contract = row.contract ? byIdOrName(contracts, row.contract) : undefined;
    if (row.contract && !contract)
      problems.push({ field: `cis[${row.row}].contract`, message: `no contract "${row.contract}" of the organisation` });
    if (!row.key || !row.classKey || !row.name) return null;
    return {
      key: row.key,
      classKey: row.classKey,
      name: row.name,
      lifecycleState: row.lifecycleState as LifecycleState,
      attributes: row.attributes,
      model: row.model,
      serialNumber: row.serialNumber,
      siteId: site?.id ?? null,
      contractId: contract?.id ?? null,
      warrantyUntil: row.warrantyUntil,
      maintenanceSchedule: row.maintenanceSchedule,
    };
  }
}

/** The fields whose values differ; objects compared with their keys sorted (jsonb does not keep order). */
function changedFields(before: CiFields, after: CiFields): string[] {
  return (Object.keys(after) as Array<keyof CiFields>).filter((k) => canonical(before[k]) !== canonical(after[k]));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
