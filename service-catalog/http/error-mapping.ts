import Boom from '@hapi/boom';
import { NotFoundError } from '@mikro-orm/core';
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';
import { BpmnParseError, BpmnTooLargeError, BpmnValidationError } from '../../engine/compiler';
import { EngineRequestRejected, ProcessInstanceNotFound } from '../../workflows/client';
import { DmnParseError, DmnTooLargeError, DmnValidationError } from '../../engine/dmn';
import {
  Busy,
  Gone,
  ContentNotAccepted,
  DomainError,
  InvalidInput,
  NotAuthenticated,
  NotFound,
  NotPermitted,
  RuleViolation,
  TooLarge,
  WrongState,
} from '../errors';
import { DEPENDENCY_RETRY_AFTER_SEC, engineBusy, unavailableDependency } from './dependency-errors';
import type { Logger } from '../logger';

/**
 * The single place where domain and engine errors become HTTP: 400 unparsable input, 404 unknown,
 * 409 a state conflict, 413 a diagram over its element limit, 422 a diagram that cannot run, 503 with
 * `Retry-After` when PostgreSQL or Temporal cannot be reached (an outage is not a bug: never a 500).
 * Every error body has `code`, `message` and `details` (each with its `field` or `elementId`), which
 * the UI's problem-words.ts reads.
 */
export const errorMappingPlugin: Plugin<{ log: Logger }> = {
  name: 'flowdesk-error-mapping',
  register(server, { log }) {
    server.ext('onPreResponse', (request: Request, h: ResponseToolkit) => {
      const response = request.response;
      if (!(response instanceof Error)) return h.continue;
      const boom = toBoom(response);
      // Headers already set on the error (the security headers) stay on the refusal that replaces it.
      if (boom !== response && Boom.isBoom(response)) {
        for (const [name, value] of Object.entries(response.output.headers)) boom.output.headers[name] ??= value;
      }
      // The request id, route and ticket number let an operator find the request in other nodes' and the worker's lines.
      const context = {
        err: response,
        path: request.path,
        requestId: request.info.id,
        route: request.route.path,
        ...(typeof request.params?.number === 'string' ? { ticketNumber: request.params.number } : {}),
      };
      if (boom.output.statusCode === 503) log.warn(context, 'request refused: a dependency is unavailable');
      else if (boom.output.statusCode >= 500) log.error(context, 'request failed');
      const payload = boom.output.payload as unknown as Record<string, unknown>;
      payload.details ??= (boom.data as { details?: unknown } | null)?.details ?? [];
      // hapi's own JSON parser refuses a body it cannot read, and one with a "__proto__" key, before any
      // route code runs: name the payload as the part that was wrong, as every other 400 names its field.
      if (
        boom.output.statusCode === 400 &&
        payload.message === 'Invalid request payload JSON format' &&
        !(payload.details as unknown[]).length
      )
        payload.details = [{ field: 'payload', message: 'is not valid JSON, or has a "__proto__" key' }];
      if (payload.code === undefined && (boom.data as { code?: string } | null)?.code) payload.code = (boom.data as { code: string }).code;
      return boom;
    });
  },
};

/** hapi has already boomified a thrown error into a 500 by now, so the domain types are checked first. */
function toBoom(err: Error): Boom.Boom {
  if (err instanceof BpmnTooLargeError || err instanceof DmnTooLargeError)
    return Boom.entityTooLarge(err.message, { code: err.code, details: err.problems });
  if (err instanceof BpmnParseError) return Boom.badRequest(err.message, { code: err.code, details: err.problems });
  if (err instanceof BpmnValidationError) return Boom.badData(err.message, { code: err.code, details: err.problems });
  if (err instanceof DmnParseError) return Boom.badRequest(err.message, { code: err.code, details: err.problems ?? [] });
  if (err instanceof DmnValidationError) return Boom.badData(err.message, { code: err.code, details: err.problems });
  if (err instanceof DomainError) {
    const boom = new Boom.Boom(err.message, { statusCode: httpStatusOf(err), data: { code: err.code, details: err.details } });
    if (err.retryAfterSec !== undefined) boom.output.headers['Retry-After'] = String(err.retryAfterSec);
    return boom;
  }
  if (err instanceof ProcessInstanceNotFound) return Boom.notFound(err.message, { code: err.code, details: [] });
  if (err instanceof EngineRequestRejected) {
    const status =
      err.code === 'TASK_NOT_FOUND' ? 404 : err.code === 'INVALID_REQUEST' ? 400 : err.code === 'MIGRATION_REFUSED' ? 422 : 409;
    return new Boom.Boom(err.message, { statusCode: status, data: { code: err.code, details: [] } });
  }
  if (err instanceof NotFoundError) return Boom.notFound(err.message);
  // Before the boom check: hapi has boomified it into a 500 already.
  // A 4xx hapi raised itself (a client that hung up mid-upload) stays what it is.
  if (!(Boom.isBoom(err) && err.output.statusCode < 500) && engineBusy(err)) {
    const boom = new Boom.Boom('the process instance could not take the request now (its worker is busy or away); retry in a few seconds', {
      statusCode: 503,
      data: { code: 'ENGINE_BUSY', details: [] },
    });
    boom.output.headers['Retry-After'] = String(DEPENDENCY_RETRY_AFTER_SEC);
    return boom;
  }
  const unavailable = Boom.isBoom(err) && err.output.statusCode < 500 ? undefined : unavailableDependency(err);
  if (unavailable) {
    const boom = new Boom.Boom(`${unavailable} is unavailable right now; retry in a few seconds`, {
      statusCode: 503,
      data: { code: 'DEPENDENCY_UNAVAILABLE', details: [] },
    });
    boom.output.headers['Retry-After'] = String(DEPENDENCY_RETRY_AFTER_SEC);
    return boom;
  }
  if (Boom.isBoom(err)) return err;
  return Boom.badImplementation(err.message);
}

/**
 * Each family of domain error and its status; subclasses (UnknownGroup, StaleVersion, NotWaitingFor,
 * TicketNotFound…) answer as their family. The first match wins.
 */
const STATUS_OF: ReadonlyArray<[abstract new (...args: never[]) => DomainError, number]> = [
  [InvalidInput, 400],
  [NotAuthenticated, 401],
  [NotPermitted, 403],
  [NotFound, 404],
  [WrongState, 409],
  [Gone, 410],
  [TooLarge, 413],
  [ContentNotAccepted, 415],
  [RuleViolation, 422],
  [Busy, 503],
];

/** The HTTP status a domain error answers with (500 for a family nobody mapped: a defect). */
export function httpStatusOf(err: DomainError): number {
  return STATUS_OF.find(([family]) => err instanceof family)?.[1] ?? 500;
}
