import Boom from '@hapi/boom';
import type { Lifecycle, Request, ResponseToolkit } from '@hapi/hapi';
import type { ValidationError } from 'joi';

/**
 * The one failAction for every route: a 400 whose `details` name each offending field
 * (`payload.variables`, `query.limit`…) so a client can point at it.
 */
export const failAction: Lifecycle.Method = (request: Request, _h: ResponseToolkit, err?: Error) => {
  const joiError = err as (ValidationError & { output?: { payload?: { validation?: { source?: string } } } }) | undefined;
  const source = joiError?.output?.payload?.validation?.source ?? 'request';
  const details = (joiError?.details ?? []).map((d) => ({ field: [source, ...d.path].join('.'), message: d.message }));
  const boom = Boom.badRequest(
    details.length ? details.map((d) => `${d.field}: ${d.message}`).join('; ') : (err?.message ?? 'invalid request'),
  );
  (boom.output.payload as unknown as Record<string, unknown>).details = details;
  request.log(['validation'], boom.message);
  throw boom;
};
