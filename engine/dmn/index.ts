/**
 * DMN 1.3 decisions: `compileDecisions` at deploy time (XML → validated JSON graph), `evaluateDecision`
 * at run time (graph + variables → result).
 *
 * Workflow code should import `./evaluate-decision` (and types) directly rather than this index: the
 * compiler pulls in dmn-moddle and node:crypto, which have no place in a Temporal workflow bundle.
 */
export { compileDecisions, type CompiledDecisions } from './compile-decisions';
export { evaluateDecision } from './evaluate-decision';
export { DecisionEvaluationError } from './decision-evaluation-error';
export { DmnParseError, DmnTooLargeError, DmnValidationError, describeDecisionProblem, type DecisionProblem } from './decision-problem';
export { MAX_DMN_BYTES } from './parse-dmn';
export { assertWithinDmnElementLimit, countDmnElements, MAX_DMN_ELEMENTS } from './dmn-element-limit';
export * from './decision-graph';
export * from './decision-result';
