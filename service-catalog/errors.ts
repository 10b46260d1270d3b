/**
 * What the domain refuses, named after what went wrong in the domain, each with a stable `code` the UI
 * words (ui/src/app/core/api/problem-words.ts). None knows HTTP: the error mapping
 * (http/error-mapping.ts) is the one place that turns them into statuses.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Sent as `Retry-After` when set. */
  readonly retryAfterSec?: number;
  constructor(
    message: string,
    readonly details: Array<{ elementId?: string; field?: string; message: string; code?: string }> = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Something named does not exist, or the caller may not see it (no existence leak). */
export class NotFound extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A ticket number or id that names no ticket the caller may see. */
export class TicketNotFound extends NotFound {
  constructor(message: string) {
    super('TICKET_NOT_FOUND', message);
  }
}

/** The record is not in a state that allows this now (ended, already done, waiting elsewhere). */
export class WrongState extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The caller changed a record from a version someone else has changed since: reload and apply again. */
export class StaleVersion extends WrongState {
  constructor(message: string) {
    super('STALE_TICKET', message);
  }
}

/** What was valid for a while and no longer is (an expired survey or approval link): 410. */
export class Gone extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The ticket's process does not wait for what was asked (an action, a confirmation, a reopening). */
export class NotWaitingFor extends WrongState {}

/** The request breaks a rule of its own shape or of who may send what (a requester setting a priority). */
export class InvalidInput extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    details: DomainError['details'] = [],
  ) {
    super(message, details);
  }
}

/** Who is calling is not established: wrong credentials, an ended sign-in. */
export abstract class NotAuthenticated extends DomainError {}

/** The caller is known but may not do this. Reads of rows they may not see are {@link NotFound} instead. */
export class NotPermitted extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Well-formed, but names something that does not exist or asks for what the domain's rules cannot
 * do (a migration with unmapped tokens, a template without a ticket number, content that is not
 * what it says).
 */
export class RuleViolation extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    details: DomainError['details'] = [],
  ) {
    super(message, details);
  }
}

/**
 * A well-formed group key that names no group. Joi has already checked its shape, so it is a
 * {@link RuleViolation} (the request is understood; what it names is not there), wherever it comes
 * from: a routing rule, an assignment, a canned response, the assignment options' query.
 */
export class UnknownGroup extends RuleViolation {
  constructor(key: string, field?: string, message = `group "${key}" does not exist`) {
    super('UNKNOWN_GROUP', message, field ? [{ field, message: 'no such group' }] : []);
  }
}

/** More than the configured limit (an upload's bytes, an image's pixels). */
export class TooLarge extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    details: DomainError['details'] = [],
  ) {
    super(message, details);
  }
}

/** Content of a kind the desk does not accept (e.g. an executable as an attachment). */
export class ContentNotAccepted extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    details: DomainError['details'] = [],
  ) {
    super(message, details);
  }
}

/** A capacity the server keeps on purpose is used up for now (e.g. the compile queue); the client should retry. */
export class Busy extends DomainError {
  constructor(
    readonly code: string,
    message: string,
    override readonly retryAfterSec: number,
  ) {
    super(message);
  }
}

/**
 * A service named by id or by name that the caller's tenant has no such service: a ticket, an SLA
 * policy, a routing rule or a catalog item refers to services by id, and an unknown one is named.
 */
export class UnknownService extends RuleViolation {
  constructor(reference: string, field: string) {
    super('UNKNOWN_SERVICE', `there is no service "${reference}"`, [{ field, message: 'no such service' }]);
  }
}
