import { parse } from 'csv-parse/sync';
import { InvalidInput } from '../../errors';
import { checkAttributes } from './ci-attributes';
import { ciClass } from './ci-classes';
import { RELATION_TYPES, type RelationType } from './ci-relation.entity';
import type { MaintenanceSchedule } from './configuration-item.entity';

/** A CI row of an import as read from the file, before anything is looked up. */
export interface CiRow {
  row: number;
  key: string;
  classKey: string;
  name: string;
  lifecycleState: string;
  attributes: Record<string, unknown>;
  model: string | null;
  serialNumber: string | null;
  /** A site of the organisation, by id or name. */
  site: string | null;
  contract: string | null;
  warrantyUntil: string | null;
  maintenanceSchedule: MaintenanceSchedule | null;
  /** Problems found in the row itself (missing column, unknown attribute…). */
  problems: Array<{ field: string; message: string }>;
}

export interface RelationRow {
  row: number;
  source: string;
  type: RelationType;
  target: string;
  problems: Array<{ field: string; message: string }>;
}

/** The fixed CSV columns; every other column is an attribute of the row's class. */
const CSV_FIELDS = {
  key: 'key',
  class: 'classKey',
  classkey: 'classKey',
  name: 'name',
  state: 'lifecycleState',
  lifecyclestate: 'lifecycleState',
  model: 'model',
  serialnumber: 'serialNumber',
  site: 'site',
  contract: 'contract',
  warrantyuntil: 'warrantyUntil',
  maintenanceevery: 'maintenanceEvery',
  maintenancenextdueon: 'maintenanceNextDueOn',
  maintenancetask: 'maintenanceTask',
} as const;
const JSON_FIELDS = new Set([...Object.values(CSV_FIELDS), 'class', 'state', 'attributes', 'maintenanceSchedule']);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/;

/** Records of a CSV text (header row first), or a 400 naming the section and line. */
export function csvRecords(text: string, section: string): Array<Record<string, string>> {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: 100_000 }) as Array<
      Record<string, string>
    >;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new InvalidInput('INVALID_CSV', `payload.${section}: ${message}`, [{ field: `payload.${section}`, message }]);
  }
}

/** A CI row from a CSV record (`fromCsv`) or a JSON object; the line numbers count the header as 1. */
export function ciRow(record: Record<string, unknown>, index: number, fromCsv: boolean): CiRow {
  const row = fromCsv ? index + 2 : index + 1;
  const at = `cis[${row}]`;
  const problems: CiRow['problems'] = [];
  const fields: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(record)) {
    if (fromCsv) {
      const field = CSV_FIELDS[column.toLowerCase() as keyof typeof CSV_FIELDS];
      if (value === '' || value === undefined) continue;
      if (field) fields[field] = value;
      else attributes[column] = value;
    } else if (JSON_FIELDS.has(column)) fields[column === 'class' ? 'classKey' : column === 'state' ? 'lifecycleState' : column] = value;
    else problems.push({ field: `${at}.${column}`, message: 'is not a field of a configuration item' });
  }
  const text = (name: string, max = 255): string | null => {
    const v = fields[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.length > max) {
      problems.push({ field: `${at}.${name}`, message: `must be text of at most ${max} characters` });
      return null;
    }
    return v;
  };
  const key = text('key', 200);
  const classKey = text('classKey', 60);
  const name = text('name');
  for (const [field, value] of [
    ['key', key],
    ['classKey', classKey],
    ['name', name],
  ] as const)
    if (!value && !problems.some((p) => p.field === `${at}.${field}`)) problems.push({ field: `${at}.${field}`, message: 'is required' });
  const json = fromCsv ? attributes : ((fields.attributes as Record<string, unknown> | undefined) ?? {});
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    problems.push({ field: `${at}.attributes`, message: 'must be an object' });
  else if (classKey && !ciClass(classKey)) problems.push({ field: `${at}.classKey`, message: `unknown class "${classKey}"` });
  else if (classKey) problems.push(...checkAttributes(classKey, json, `${at}.attributes`, { coerceText: fromCsv }));
  const warrantyUntil = text('warrantyUntil', 10);
  if (warrantyUntil && !DATE.test(warrantyUntil)) problems.push({ field: `${at}.warrantyUntil`, message: 'must be a date YYYY-MM-DD' });
  return {
    row,
    key: key ?? '',
    classKey: classKey ?? '',
    name: name ?? '',
    lifecycleState: text('lifecycleState', 30) ?? 'operational',
    attributes: typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {},
    model: text('model'),
    serialNumber: text('serialNumber'),
    site: text('site'),
    contract: text('contract'),
    warrantyUntil,
    maintenanceSchedule: maintenance(fields, at, fromCsv, problems),
    problems,
  };
}

function maintenance(
  fields: Record<string, unknown>,
  at: string,
  fromCsv: boolean,
  problems: CiRow['problems'],
): MaintenanceSchedule | null {
  const given = fromCsv
    ? fields.maintenanceEvery || fields.maintenanceNextDueOn
      ? { every: fields.maintenanceEvery, nextDueOn: fields.maintenanceNextDueOn, task: fields.maintenanceTask }
      : null
    : (fields.maintenanceSchedule as Record<string, unknown> | null | undefined);
  if (!given) return null;
  const { every, nextDueOn, task } = given as Record<string, unknown>;
  if (typeof every !== 'string' || !DURATION.test(every))
    problems.push({ field: `${at}.maintenanceSchedule.every`, message: 'must be an ISO 8601 duration such as P3M' });
  if (typeof nextDueOn !== 'string' || !DATE.test(nextDueOn))
    problems.push({ field: `${at}.maintenanceSchedule.nextDueOn`, message: 'must be a date YYYY-MM-DD' });
  return { every: String(every), nextDueOn: String(nextDueOn), ...(typeof task === 'string' && task ? { task } : {}) };
}

/** A relation row (`source,type,target` by CI key). */
export function relationRow(record: Record<string, unknown>, index: number, fromCsv: boolean): RelationRow {
  const row = fromCsv ? index + 2 : index + 1;
  const at = `relations[${row}]`;
  const problems: RelationRow['problems'] = [];
  const get = (name: string) => {
    const v = record[name];
    if (typeof v !== 'string' || !v) {
      problems.push({ field: `${at}.${name}`, message: 'is required' });
      return '';
    }
    return v;
  };
  for (const column of Object.keys(record))
    if (!['source', 'type', 'target'].includes(column))
      problems.push({ field: `${at}.${column}`, message: 'is not a field of a relation' });
  const type = get('type');
  if (type && !RELATION_TYPES.includes(type as RelationType))
    problems.push({ field: `${at}.type`, message: `unknown relation type; one of ${RELATION_TYPES.join(', ')}` });
  return { row, source: get('source'), type: type as RelationType, target: get('target'), problems };
}
