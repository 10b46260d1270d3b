/**
 * What evaluating a decision returns. Every value is plain JSON (FEEL dates become ISO text), so a
 * result can be stored as a process variable and shown in an operations view as it is.
 */
export interface DecisionEvaluation {
  decisionId: string;
  decisionName?: string;
  /**
   * The result as Camunda 8 returns it: one output → its value; several → an object keyed by output
   * name; multiple-result hit policies → a list of those; COLLECT with an aggregation → a number.
   */
  result: unknown;
  /** Ids of the rules whose outputs make up `result`, in the order they appear in it. */
  matchedRules: string[];
  /** The requested decision and every decision it required, required ones first. */
  evaluatedDecisions: EvaluatedDecision[];
  /** Why parts of FEEL became null (unknown variable, values that do not compare…); never fatal. */
  warnings: DecisionWarning[];
}

export interface EvaluatedDecision {
  decisionId: string;
  decisionName?: string;
  kind: 'decisionTable' | 'literalExpression';
  result: unknown;
  /** For decision tables; empty for literal expressions. */
  matchedRules: string[];
  /** For decision tables: the value of each input expression, in column order. */
  inputs?: EvaluatedInput[];
}

export interface EvaluatedInput {
  inputId: string;
  label?: string;
  value: unknown;
}

export interface DecisionWarning {
  decisionId: string;
  ruleId?: string;
  /** Where in the decision, e.g. `input[1].inputExpression`, `inputEntry[2]`, `literalExpression`. */
  field: string;
  message: string;
}
