/**
 * Camunda's advanced filters and sorts, evaluated on items already in hand (an instance's variables and
 * element instances, which its workflow holds, not PostgreSQL). Pure: the routes validate the filter's
 * shape first.
 */

/** A text (or key, or state) filter: the value itself, or Camunda's operators on it. */
export type TextFilter = string | { $eq?: string; $neq?: string; $exists?: boolean; $in?: string[]; $notIn?: string[]; $like?: string };

/** A date-time filter: the instant itself, or Camunda's comparisons, each an ISO 8601 text. */
export type DateFilter =
  string | { $eq?: string; $neq?: string; $exists?: boolean; $gt?: string; $gte?: string; $lt?: string; $lte?: string; $in?: string[] };

const ANY_RUN = Symbol('*');
const ANY_ONE = Symbol('?');
type LikeToken = string | typeof ANY_RUN | typeof ANY_ONE;

/** A `$like` pattern as tokens: `*` any run of characters, `?` exactly one, a backslash taking the next character as itself. */
function likeTokens(pattern: string): LikeToken[] {
  const tokens: LikeToken[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) tokens.push(pattern[++i]!);
    else tokens.push(c === '*' ? ANY_RUN : c === '?' ? ANY_ONE : c);
  }
  return tokens;
}

/**
 * Camunda's `$like`: whether the whole `value` matches the pattern, case counting. Matched by walking
 * both once, going back only to the last `*` (at most pattern × value steps), never by a regular
 * expression: `*a*a*a…b` against a long value would backtrack for minutes and hold the API node.
 */
export function matchesLike(pattern: string, value: string): boolean {
  const tokens = likeTokens(pattern);
  let p = 0;
  let v = 0;
  let lastRun = -1;
  let resumeAt = 0;
  while (v < value.length) {
    const token = tokens[p];
    if (token === ANY_RUN) {
      lastRun = p++;
      resumeAt = v;
    } else if (token !== undefined && (token === ANY_ONE || token === value[v])) {
      p++;
      v++;
    } else if (lastRun >= 0) {
      // the last `*` takes one character more, and the rest of the pattern starts again after it
      p = lastRun + 1;
      v = ++resumeAt;
    } else return false;
  }
  while (tokens[p] === ANY_RUN) p++;
  return p === tokens.length;
}

/** Whether `value` (null: the item has none) passes the filter; no filter passes everything. */
export function matchesText(filter: TextFilter | undefined, value: string | null): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'string') return value === filter;
  if (filter.$exists !== undefined && filter.$exists !== (value !== null)) return false;
  // nothing is equal to, in or like a value that is not there; it is unequal to any
  if (value === null) return filter.$eq === undefined && filter.$in === undefined && filter.$like === undefined;
  if (filter.$eq !== undefined && value !== filter.$eq) return false;
  if (filter.$neq !== undefined && value === filter.$neq) return false;
  if (filter.$in !== undefined && !filter.$in.includes(value)) return false;
  if (filter.$notIn !== undefined && filter.$notIn.includes(value)) return false;
  if (filter.$like !== undefined && !matchesLike(filter.$like, value)) return false;
  return true;
}

/** Whether the instant `iso` (null: none, e.g. no end yet) passes the filter; no filter passes everything. */
export function matchesDate(filter: DateFilter | undefined, iso: string | null): boolean {
  if (filter === undefined) return true;
  const at = iso === null ? null : Date.parse(iso);
  const ms = (text: string) => Date.parse(text);
  if (typeof filter === 'string') return at === ms(filter);
  if (filter.$exists !== undefined && filter.$exists !== (at !== null)) return false;
  if (at === null) return [filter.$eq, filter.$gt, filter.$gte, filter.$lt, filter.$lte, filter.$in].every((op) => op === undefined);
  if (filter.$eq !== undefined && at !== ms(filter.$eq)) return false;
  if (filter.$neq !== undefined && at === ms(filter.$neq)) return false;
  if (filter.$gt !== undefined && !(at > ms(filter.$gt))) return false;
  if (filter.$gte !== undefined && !(at >= ms(filter.$gte))) return false;
  if (filter.$lt !== undefined && !(at < ms(filter.$lt))) return false;
  if (filter.$lte !== undefined && !(at <= ms(filter.$lte))) return false;
  if (filter.$in !== undefined && !filter.$in.some((t) => ms(t) === at)) return false;
  return true;
}

/** The one value a filter pins, when it is the value itself or `{"$eq": value}` and nothing else. */
export function pinnedValue(filter: TextFilter | undefined): string | undefined {
  if (typeof filter === 'string') return filter;
  if (filter && filter.$eq !== undefined && Object.keys(filter).length === 1) return filter.$eq;
  return undefined;
}

type Sortable = string | number | boolean | null | undefined;

/**
 * Sorts items in place by what `by` reads of each, ascending unless `descending`; ties keep their order.
 * A missing value (no end date yet, no incident) sorts last either way.
 */
export function sortBy<T>(items: T[], by: (item: T) => Sortable, descending: boolean): T[] {
  const sign = descending ? -1 : 1;
  return items.sort((a, b) => {
    const [x, y] = [by(a), by(b)];
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return sign * (x < y ? -1 : 1);
  });
}
