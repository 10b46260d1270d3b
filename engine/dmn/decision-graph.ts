/**
 * The compiled, JSON-serialisable form of one DMN 1.3 document (a decision requirements graph).
 *
 * Like the process graph it may travel in a workflow input, so it holds only FEEL source text and
 * plain values — never moddle objects — and evaluating it needs nothing but this data and feelin.
 */
export interface DecisionGraph {
  /** Every decision of the document by its DMN id; any of them can be evaluated on its own. */
  decisions: Record<string, CompiledDecision>;
}

export type CompiledDecision = DecisionTableDecision | LiteralExpressionDecision;

interface DecisionBase {
  id: string;
  name?: string;
  /** `zeebe:versionTag` (Camunda 8.6), which business rule tasks with `bindingType="versionTag"` name. */
  versionTag?: string;
  /**
   * The variable a requiring decision reads this result from: the decision's `variable` name when it
   * has one, else its id — the rule Camunda 8 (dmn-scala) applies.
   */
  resultName: string;
  /** Ids of the decisions whose results this one reads (`informationRequirement/requiredDecision`). */
  requiredDecisions: string[];
}

export interface LiteralExpressionDecision extends DecisionBase {
  kind: 'literalExpression';
  /** FEEL expression; its value is the decision result. */
  expression: string;
}

export interface DecisionTableDecision extends DecisionBase {
  kind: 'decisionTable';
  hitPolicy: HitPolicy;
  /** Only with hitPolicy COLLECT (DMN 1.3 §8.2.11, "C+", "C<", "C>", "C#"). */
  aggregation?: Aggregation;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];

export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Hit policies whose result is a list (or an aggregate) rather than one rule's outputs. */
export const MULTIPLE_RESULT_POLICIES: ReadonlySet<HitPolicy> = new Set(['COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);

export interface DecisionInput {
  id: string;
  label?: string;
  /** FEEL expression whose value the rules' input entries test. */
  expression: string;
  typeRef?: string;
  /** FEEL unary tests the input value must pass (`inputValues`), e.g. `"high","medium","low"`. */
  allowedValues?: string;
}

export interface DecisionOutput {
  id: string;
  /** Key of this output in a multi-output result; may be empty when the table has one output. */
  name: string;
  label?: string;
  typeRef?: string;
  /** FEEL unary tests every produced value must pass (`outputValues`). */
  allowedValues?: string;
  /**
   * The `outputValues` as literal values, highest priority first: the order PRIORITY and OUTPUT ORDER
   * sort by. Absent when the output has no values or they are not plain literals.
   */
  priorityValues?: Array<string | number | boolean>;
  /** FEEL expression used when no rule matches (`defaultOutputEntry`). */
  defaultValue?: string;
}

export interface DecisionRule {
  id: string;
  /** FEEL unary tests, one per input; `-` matches anything. */
  inputEntries: string[];
  /** FEEL expressions, one per output; `null` for an empty cell, which produces null. */
  outputEntries: Array<string | null>;
  /** The rule's annotation column (`description`). */
  annotation?: string;
}
