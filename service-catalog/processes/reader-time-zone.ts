import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import { principalOf } from '../identity/auth-plugin';
import { UserService } from '../identity/domain/user-service';
import { isTimeZone } from './presenters';

/** A `timeZone` query: the zone whose clock the sentences of an answer read in. */
export const timeZoneQuery = Joi.string()
  .max(64)
  .custom((zone: string, helpers) => (isTimeZone(zone) ? zone : helpers.error('any.invalid')))
  .messages({ 'any.invalid': '{{#label}} must be an IANA time zone such as Europe/Vilnius' })
  .description("the reader's time zone: the sentences give times in it; default: the one set on their profile, else UTC");

/**
 * The zone a reader's sentences are written in: the one asked for, else the one on their profile
 * (`PATCH /me`), else UTC — so the desk and the operations view say the same time the same way.
 */
export async function readerTimeZone(request: Request): Promise<string> {
  const asked = (request.query as { timeZone?: string }).timeZone;
  if (asked) return asked;
  const user = await new UserService(request.app.em).get(principalOf(request).userId).catch(() => null);
  return user?.timeZone ?? 'UTC';
}
