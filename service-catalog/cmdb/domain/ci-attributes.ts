import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { CI_CLASSES } from './ci-classes';

/** One attribute the class's schema refuses, named as the request names it (`payload.attributes.ramGb`). */
export interface AttributeProblem {
  field: string;
  message: string;
}

// Compiled once at load: the schemas are data of this build, and ajv's compiled validators are plain functions.
const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>(CI_CLASSES.map((c) => [c.key, ajv.compile(c.attributes)]));
// A CSV cell is text: "32" for an integer attribute, "true" for a boolean. Only imports coerce, in place.
const coercing = new Ajv({ allErrors: true, strict: true, coerceTypes: true });
const coercingValidators = new Map<string, ValidateFunction>(CI_CLASSES.map((c) => [c.key, coercing.compile(c.attributes)]));

/** What is wrong with `attributes` for the class, each problem naming the attribute; empty when they fit. */
export function checkAttributes(
  classKey: string,
  attributes: unknown,
  prefix = 'payload.attributes',
  opts: { coerceText?: boolean } = {},
): AttributeProblem[] {
  const validate = (opts.coerceText ? coercingValidators : validators).get(classKey);
  if (!validate) return [{ field: prefix, message: `unknown class "${classKey}"` }];
  if (validate(attributes)) return [];
  return (validate.errors ?? []).map((e) => problemOf(e, prefix));
}

function problemOf(e: ErrorObject, prefix: string): AttributeProblem {
  const path = e.instancePath
    .split('/')
    .filter(Boolean)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = e.params as { additionalProperty?: string; missingProperty?: string; allowedValues?: unknown[] };
  if (e.keyword === 'additionalProperties' && params.additionalProperty)
    return { field: [prefix, ...path, params.additionalProperty].join('.'), message: 'is not an attribute of this class' };
  if (e.keyword === 'required' && params.missingProperty)
    return { field: [prefix, ...path, params.missingProperty].join('.'), message: 'is required' };
  const message = e.keyword === 'enum' ? `must be one of ${(params.allowedValues ?? []).join(', ')}` : (e.message ?? 'is not valid');
  return { field: [prefix, ...path].join('.'), message };
}
