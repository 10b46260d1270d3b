import type Joi from 'joi';
import { InvalidInput } from '../../errors';

/**
 * The body of a signed webhook (telephony, messaging bridges), read as raw text so its signature can be
 * checked first, then parsed and validated here: not JSON or not matching `schema` is a 400 naming each field.
 */
export function parseSignedJsonBody<T>(raw: string, schema: Joi.ObjectSchema<T>, code: string): T {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new InvalidInput('INVALID_JSON', 'the body is not JSON', [{ field: 'payload', message: 'not JSON' }]);
  }
  const { value, error } = schema.validate(body, { abortEarly: false });
  if (error)
    throw new InvalidInput(
      code,
      error.message,
      error.details.map((d) => ({ field: `payload.${d.path.join('.')}`, message: d.message })),
    );
  return value;
}
