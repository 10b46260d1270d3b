/**
 * Raised when a decision cannot produce a result: a FEEL expression failed, a UNIQUE table matched
 * several rules, an ANY table's matches disagree, a value is outside its allowed values… The engine
 * turns it into an incident on the business rule task — a decision never fails into a silent null.
 *
 * Only plain fields, so the error survives a Temporal failure payload and can be rebuilt from JSON.
 */
export class DecisionEvaluationError extends Error {
  readonly code = 'DMN_EVALUATION_FAILED';

  constructor(
    /** The decision that failed: the requested one, or a decision it requires. */
    readonly decisionId: string,
    /** What went wrong, already naming the decision; `message` adds the requirement path. */
    readonly reason: string,
    /** The rules involved (the overlapping rules of a UNIQUE table, the rule whose output failed…). */
    readonly ruleIds: string[] = [],
    /** Where in the decision, e.g. `input[2].inputExpression`, `outputEntry[1]`, `hitPolicy`. */
    readonly field?: string,
    /** Requested decision first, failed decision last; longer than one when a required decision failed. */
    readonly decisionPath: string[] = [decisionId],
  ) {
    super(decisionPath.length > 1 ? `${reason} (evaluating ${decisionPath.join(' → ')})` : reason);
    this.name = 'DecisionEvaluationError';
  }

  /** The same failure seen from a decision that requires the failed one. */
  requiredBy(decisionId: string): DecisionEvaluationError {
    return new DecisionEvaluationError(this.decisionId, this.reason, this.ruleIds, this.field, [decisionId, ...this.decisionPath]);
  }
}
