import type { RequestRoute } from '@hapi/hapi';
import type { Description } from 'joi';

export type RequestPart = 'params' | 'query' | 'payload';

/** One place a client can put text: a path into a route's params, query or payload. */
export interface TextField {
  part: RequestPart;
  /** Keys and array indexes from the part's root; empty for a payload that is itself text. */
  path: Array<string | number>;
  /** A multipart file part: the text the client controls is its file name. */
  file?: boolean;
}

/**
 * Every field of a route's joi `validate` schemas that takes text, found through `describe()`:
 * strings, strings inside arrays and alternatives, and a made-up key `x` of objects that take any
 * keys (process variables), since their values and keys are text the client chooses too.
 */
export function textFieldsOf(route: RequestRoute): TextField[] {
  const validate = route.settings.validate ?? {};
  const fields: TextField[] = [];
  for (const part of ['params', 'query', 'payload'] as const) {
    const schema = validate[part] as { describe?: () => Description } | undefined;
    if (!schema || typeof schema.describe !== 'function') continue;
    const seen = new Set<string>();
    for (const field of walk(schema.describe(), [])) {
      const key = JSON.stringify(field);
      if (seen.has(key)) continue;
      seen.add(key);
      fields.push({ part, ...field });
    }
  }
  return fields;
}

/** Sets `value` at `path` in a fresh object (arrays where the path has an index). */
export function objectWith(path: Array<string | number>, value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') return [objectWith(rest, value)];
  return { [head!]: objectWith(rest, value) };
}

// ---------------------------------------------------------------------------------------------

type Found = { path: Array<string | number>; file?: boolean };

function walk(description: Description, path: Array<string | number>, depth = 0): Found[] {
  if (depth > 8) return [];
  const metas = (description.metas ?? []) as Array<{ swaggerType?: string }>;
  if (metas.some((m) => m.swaggerType === 'file')) return [{ path, file: true }];
  switch (description.type) {
    case 'string':
      return [{ path }];
    case 'object': {
      const keys = (description.keys ?? {}) as Record<string, Description>;
      const found = Object.entries(keys).flatMap(([key, child]) => walk(child, [...path, key], depth + 1));
      const patterns = (description.patterns ?? []) as Array<{ rule?: Description }>;
      for (const pattern of patterns) if (pattern.rule) found.push(...walk(pattern.rule, [...path, 'x'], depth + 1));
      if ((description.flags as { unknown?: boolean } | undefined)?.unknown) found.push({ path: [...path, 'x'] });
      return found;
    }
    case 'array':
      return ((description.items ?? []) as Description[]).flatMap((item) => walk(item, [...path, 0], depth + 1));
    case 'alternatives':
      return ((description.matches ?? []) as Array<{ schema?: Description; then?: Description; otherwise?: Description }>).flatMap((m) =>
        [m.schema, m.then, m.otherwise].flatMap((d) => (d ? walk(d, path, depth + 1) : [])),
      );
    default:
      return [];
  }
}
