/**
 * Text PostgreSQL cannot store. A NUL (U+0000) is refused by `text` columns and by `jsonb`; an
 * unpaired UTF-16 surrogate (`"\uD800"` in JSON) is not Unicode at all and makes `jsonb` (audit rows,
 * process variables) fail. Either used to end as a 500 after a half-done request. The API looks for
 * it in every request before any route does (http/request-input.ts), so the client learns which
 * field it was; domain services that take text from elsewhere (mail) check their input the same way.
 */
export interface UnstorableText {
  /** Where it was: `payload.title`, `query.q`, `params.number`, `payload.variables.a\u0000` for a key. */
  field: string;
  message: string;
}

/** NUL, or a surrogate code unit that is not half of a pair; both checks are native scans (a 2 MB diagram: milliseconds). */
function unstorable(text: string): boolean {
  return text.includes('\0') || !text.isWellFormed();
}

/** Enough to name what is wrong without echoing a flood of fields back. */
const MAX_REPORTED = 20;

/**
 * Every string, and every object key, in the given parts (`{ payload, query, params }`, or a
 * domain input's fields), each named by its path from there. Plain objects and arrays are
 * walked (without recursion, so deeply nested JSON cannot overflow the stack); Buffers and streams
 * are bytes, not text, and are left alone (an attachment may well contain NUL bytes).
 */
export function findUnstorableText(parts: Record<string, unknown>): UnstorableText[] {
  const found: UnstorableText[] = [];
  const stack: Array<[path: string, value: unknown]> = Object.entries(parts).reverse();
  while (stack.length && found.length < MAX_REPORTED) {
    const [path, value] = stack.pop()!;
    if (typeof value === 'string') {
      if (unstorable(value)) found.push({ field: path, message: describe(value) });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([`${path}.${i}`, value[i]]);
      continue;
    }
    if (!isPlainObject(value)) continue;
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const childPath = `${path}.${printable(key)}`;
      if (unstorable(key)) found.push({ field: childPath, message: `the key ${describe(key)}` });
      stack.push([childPath, child]);
    }
  }
  return found;
}

function describe(text: string): string {
  return text.includes('\0')
    ? 'contains a NUL character (U+0000), which text cannot hold'
    : 'contains an unpaired UTF-16 surrogate, which is not valid Unicode text';
}

/** A key as it can be shown in a field path: the offending code units spelled out. */
function printable(key: string): string {
  return key.replace(/[\0\p{Cs}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
}

/** JSON objects, query objects (null prototype) and multipart part objects; not Buffers, streams or dates. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
