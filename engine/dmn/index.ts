/**
 * DMN 1.3 decisions: `compileDecisions` at deploy time (XML → validated JSON graph).
 */
export { compileDecisions, type CompiledDecisions } from './compile-decisions';
export { DmnParseError, DmnValidationError, describeDecisionProblem, type DecisionProblem } from './decision-problem';
export { MAX_DMN_BYTES } from './parse-dmn';
export * from './decision-graph';
