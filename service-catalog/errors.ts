/** Something the domain refuses, with a stable code; only the HTTP edge turns it into a status. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;
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

export class NotFound extends DomainError {
  readonly status = 404;
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class InvalidInput extends DomainError {
  readonly status = 400;
  constructor(readonly code: string, message: string, details: DomainError['details'] = []) {
    super(message, details);
  }
}

/** The caller is known but may not do this. Reads of rows they may not see answer 404 instead (no existence leak). */
export class Forbidden extends DomainError {
  readonly status = 403;
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Well-formed, but refers to something that cannot be done as asked (e.g. a migration with unmapped tokens). */
export class Unprocessable extends DomainError {
  readonly status = 422;
  constructor(readonly code: string, message: string, details: DomainError['details'] = []) {
    super(message, details);
  }
}

/** An upload larger than the configured limit. */
export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  constructor(readonly code: string, message: string, details: DomainError['details'] = []) {
    super(message, details);
  }
}

/** Content of a type the desk does not accept (e.g. an executable as an attachment). */
export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  constructor(readonly code: string, message: string, details: DomainError['details'] = []) {
    super(message, details);
  }
}

/** A capacity the server keeps on purpose is used up for now (e.g. the compile queue); the client should retry. */
export class Busy extends DomainError {
  readonly status = 503;
  constructor(
    readonly code: string,
    message: string,
    override readonly retryAfterSec: number,
  ) {
    super(message);
  }
}
