const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a text is a UUID as PostgreSQL's uuid type takes it (8-4-4-4-12 hex digits, any case). Asked
 * before an id from outside (a payload, a link, a process variable) reaches a query on a uuid column,
 * where anything else is a database error instead of "not found".
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
