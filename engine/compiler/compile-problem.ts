/** One reason a diagram cannot be deployed, or a lint warning about it. */
export interface CompileProblem {
  /** The BPMN element the problem is about, when there is one. */
  elementId?: string;
  elementName?: string;
  /** Which attribute or extension of the element, e.g. `conditionExpression`, `zeebe:taskDefinition.type`. */
  field?: string;
  message: string;
  /** A stable code a client can switch on. */
  code: string;
  /** For a lint warning: the rule that found it (bpmnlint's, e.g. `no-implicit-split`, or `flowdesk/…`). */
  rule?: string;
}

/** Thrown when the uploaded text is not BPMN XML at all; the API answers 400. */
export class BpmnParseError extends Error {
  readonly code = 'BPMN_PARSE_ERROR';
  constructor(
    message: string,
    readonly problems: CompileProblem[],
  ) {
    super(message);
    this.name = 'BpmnParseError';
  }
}

/**
 * Thrown before parsing when the XML holds more flow elements than a process may have; the API
 * answers 413, as for a body over the byte limit.
 */
export class BpmnTooLargeError extends Error {
  readonly code = 'TOO_MANY_ELEMENTS';
  constructor(
    message: string,
    readonly problems: CompileProblem[],
  ) {
    super(message);
    this.name = 'BpmnTooLargeError';
  }
}

/** Thrown when the XML is BPMN but cannot be executed as drawn; the API answers 422. */
export class BpmnValidationError extends Error {
  readonly code = 'BPMN_INVALID';
  constructor(readonly problems: CompileProblem[]) {
    super(`The process cannot be deployed: ${problems.map(describeProblem).join('; ')}`);
    this.name = 'BpmnValidationError';
  }
}

export function describeProblem(p: CompileProblem): string {
  const where = p.elementId ? `${p.elementName ? `"${p.elementName}" ` : ''}(${p.elementId})` : '';
  return where ? `${where}: ${p.message}` : p.message;
}
