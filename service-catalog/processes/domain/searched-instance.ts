import { InvalidInput } from '../../errors';
import { isUuid } from '../../text/uuid';
import { pinnedValue, type TextFilter } from './in-memory-search';

const INSTANCE_FIELD = 'payload.filter.processInstanceKey';
const SCOPE_FIELD = 'payload.filter.scopeKey';
const SCOPE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\.\d{1,9})?$/i;

const refuse = (field: string, message: string) => new InvalidInput('INVALID_SEARCH_FILTER', `${field}: ${message}`, [{ field, message }]);

/**
 * The one process instance a variable or element instance search looks in. Flowdesk keeps those in the
 * instance's workflow, not in PostgreSQL, so a search asks one instance's workflow: `processInstanceKey`
 * must name it (a key or `{"$eq": key}`), or, `byScope` (variables), `scopeKey` one of its scopes.
 * Anything else is a 400 naming the field and saying why.
 */
export function searchedInstance(
  filter: { processInstanceKey?: TextFilter; scopeKey?: TextFilter },
  what: string,
  byScope = false,
): string {
  const why = `Flowdesk searches ${what} within one process instance, whose workflow holds them`;
  if (filter.processInstanceKey !== undefined) {
    const key = pinnedValue(filter.processInstanceKey);
    if (key === undefined) throw refuse(INSTANCE_FIELD, `must name one process instance (a key or {"$eq": key}): ${why}`);
    if (!isUuid(key)) throw refuse(INSTANCE_FIELD, `"${key}" is not a process instance key`);
    return key.toLowerCase();
  }
  const scope = byScope ? pinnedValue(filter.scopeKey) : undefined;
  if (scope !== undefined) {
    const match = SCOPE.exec(scope);
    if (!match) throw refuse(SCOPE_FIELD, `"${scope}" is not a scope key (a process instance's or an element instance's)`);
    return match[1]!.toLowerCase();
  }
  const or = byScope ? ' (or filter.scopeKey one of its scopes)' : '';
  throw refuse(INSTANCE_FIELD, `is required${or}: ${why}`);
}
