import * as errors from '../errors';
import { InvalidCredentials } from '../identity/domain/session-service';
import { httpStatusOf } from './error-mapping';

/** Every domain error answers with the status of its family; none falls through to a 500. */
describe('the error mapping', () => {
  it.each<[string, errors.DomainError, number]>([
    ['InvalidInput', new errors.InvalidInput('FIELD_NOT_ALLOWED', 'x'), 400],
    ['InvalidCredentials', new InvalidCredentials('wrong password'), 401],
    ['NotPermitted', new errors.NotPermitted('NOT_THE_CALLER', 'x'), 403],
    ['NotFound', new errors.NotFound('GROUP_NOT_FOUND', 'x'), 404],
    ['TicketNotFound', new errors.TicketNotFound('x'), 404],
    ['WrongState', new errors.WrongState('NOT_CLOSED', 'x'), 409],
    ['StaleVersion', new errors.StaleVersion('x'), 409],
    ['NotWaitingFor', new errors.NotWaitingFor('ACTION_NOT_AVAILABLE', 'x'), 409],
    ['TooLarge', new errors.TooLarge('ATTACHMENT_TOO_LARGE', 'x'), 413],
    ['ContentNotAccepted', new errors.ContentNotAccepted('ATTACHMENT_TYPE_NOT_ALLOWED', 'x'), 415],
    ['RuleViolation', new errors.RuleViolation('NO_ROUTE', 'x'), 422],
    ['UnknownGroup', new errors.UnknownGroup('nowhere', 'payload.assignmentGroup'), 422],
    ['Busy', new errors.Busy('COMPILE_QUEUE_FULL', 'x', 2), 503],
  ])('%s answers with its family’s status', (_name, err, status) => {
    expect(httpStatusOf(err)).toBe(status);
  });

  it('knows every family errors.ts exports', () => {
    const families = Object.entries(errors).filter(([name, value]) => typeof value === 'function' && name !== 'DomainError');
    const unmapped = families.filter(([, family]) => {
      // A bare instance of the family (abstract ones through a throwaway subclass) must map to a 4xx/5xx that is not 500.
      const Concrete = class extends (family as unknown as new (...args: unknown[]) => errors.DomainError) {
        override readonly code = 'PROBE';
      };
      return httpStatusOf(new Concrete('PROBE', 'probe', 1)) === 500;
    });
    expect(unmapped.map(([name]) => name)).toEqual([]);
  });

  it('keeps the body shape the UI reads: the code and each detail with its field', () => {
    const err = new errors.UnknownGroup('nowhere', 'query.group');
    expect({ code: err.code, message: err.message, details: err.details }).toEqual({ code: 'UNKNOWN_GROUP', message: 'group "nowhere" does not exist', details: [{ field: 'query.group', message: 'no such group' }] });
  });
});
