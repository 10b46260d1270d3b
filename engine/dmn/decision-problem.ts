import type { CompileProblem } from '../compiler/compile-problem';

/**
 * One reason a DMN document cannot be deployed. It is a {@link CompileProblem}, so the API's error
 * mapping shows it like a BPMN problem: `elementId` is the decision (the shape dmn-js can mark), and a
 * problem inside a decision table also names the rule.
 */
export interface DecisionProblem extends CompileProblem {
  /** The decision (or other DRD element) at fault, as in `elementId`. */
  decisionId?: string;
  /** The table rule at fault; also present in `message`, since clients may show only that. */
  ruleId?: string;
}

/** Thrown when the uploaded text is not DMN 1.3 XML at all; the API answers 400. */
export class DmnParseError extends Error {
  readonly code = 'DMN_PARSE_ERROR';
  constructor(
    message: string,
    readonly problems: DecisionProblem[],
  ) {
    super(message);
    this.name = 'DmnParseError';
  }
}

/** Thrown before parsing when the document holds more DMN elements than allowed; the API answers 413. */
export class DmnTooLargeError extends Error {
  readonly code = 'TOO_MANY_ELEMENTS';
  constructor(
    message: string,
    readonly problems: DecisionProblem[],
  ) {
    super(message);
    this.name = 'DmnTooLargeError';
  }
}

/** Thrown when the XML is DMN but a decision cannot be evaluated as written; the API answers 422. */
export class DmnValidationError extends Error {
  readonly code = 'DMN_INVALID';
  constructor(readonly problems: DecisionProblem[]) {
    super(`The decisions cannot be deployed: ${problems.map(describeDecisionProblem).join('; ')}`);
    this.name = 'DmnValidationError';
  }
}

export function describeDecisionProblem(p: DecisionProblem): string {
  const decision = p.decisionId ? `${p.elementName ? `"${p.elementName}" ` : ''}(${p.decisionId})` : '';
  const where = [decision, p.field].filter(Boolean).join(' ');
  return where ? `${where}: ${p.message}` : p.message;
}

/** Collects problems for one decision so every check can report with the same location. */
export class ProblemSink {
  readonly problems: DecisionProblem[] = [];

  forDecision(decisionId: string | undefined, decisionName?: string): DecisionProblemReporter {
    return (code, message, where = {}) => {
      const ruleText = where.ruleId ? `rule ${where.ruleId}: ` : '';
      this.problems.push({
        ...(decisionId ? { elementId: decisionId, decisionId } : {}),
        ...(decisionName ? { elementName: decisionName } : {}),
        ...(where.ruleId ? { ruleId: where.ruleId } : {}),
        ...(where.field ? { field: where.field } : {}),
        message: `${ruleText}${message}`,
        code,
      });
    };
  }
}

export type DecisionProblemReporter = (code: string, message: string, where?: { ruleId?: string; field?: string }) => void;
