import { toPlainValue } from '../feel/feel';
import type { FeelBudget } from '../feel/feel-budget';
import type { CompiledDecision, DecisionGraph } from './decision-graph';
import { DecisionEvaluationError } from './decision-evaluation-error';
import type { DecisionEvaluation, DecisionWarning, EvaluatedDecision } from './decision-result';
import { evaluateDecisionTable } from './evaluate-decision-table';
import { FeelRunner } from './feel-runner';

/**
 * Evaluates one decision of a compiled graph with DMN 1.3 semantics, as Camunda 8 does: required
 * decisions first (each once, even when several decisions require it), their results visible to the
 * requiring decision under the required decision's result name (its `variable` name, else its id);
 * then the decision's own table or literal expression.
 *
 * Pure and deterministic — no I/O, no clock, no randomness of its own — so a Temporal workflow may
 * call it directly. (FEEL's `now()` and `today()` read `Date`, which Temporal makes replay-safe.)
 *
 * @param graph from {@link compileDecisions}, possibly after a JSON round trip
 * @param decisionId the DMN id of the decision to evaluate; any decision of the graph may be asked for
 * @param variables the FEEL context: process variables as plain JSON
 * @param budget what the decision's FEEL may spend in all (see FeelBudget); without one, unbounded
 * @returns the result, shaped as Camunda 8 returns it, with the matched rules, every evaluated decision
 *   and the FEEL warnings (e.g. an unknown variable) so a caller can show why something became null
 * @throws DecisionEvaluationError naming the failed decision, the rules involved and the field:
 *   an unknown decision, a FEEL failure, a UNIQUE table with several matches, an ANY table whose
 *   matches disagree, a value outside its allowed values, a non-number in a SUM/MIN/MAX
 */
export function evaluateDecision(
  graph: DecisionGraph,
  decisionId: string,
  variables: Record<string, unknown> = {},
  budget?: FeelBudget,
): DecisionEvaluation {
  const evaluated = new Map<string, EvaluatedDecision>();
  const warnings: DecisionWarning[] = [];

  const run = (id: string, path: string[]): EvaluatedDecision => {
    const done = evaluated.get(id);
    if (done) return done;
    const decision = graph.decisions[id];
    if (!decision) {
      const known = Object.keys(graph.decisions).join(', ') || 'none';
      throw new DecisionEvaluationError(id, `decision "${id}" is not in the decision graph (decisions: ${known})`);
    }
    if (path.includes(id)) {
      // The compiler refuses cycles; this guards a graph built or edited by hand.
      throw new DecisionEvaluationError(
        id,
        `${titleOf(decision)}: required decisions form a cycle: ${[...path, id].join(' → ')}`,
        [],
        'informationRequirement',
      );
    }

    const context: Record<string, unknown> = { ...variables };
    for (const requiredId of decision.requiredDecisions) {
      try {
        const required = run(requiredId, [...path, id]);
        context[graph.decisions[requiredId]!.resultName] = required.result;
      } catch (err) {
        throw err instanceof DecisionEvaluationError ? err.requiredBy(id) : err;
      }
    }

    const feel = new FeelRunner(id, titleOf(decision), budget);
    const outcome = evaluateLogic(decision, context, feel);
    warnings.push(...feel.warnings);
    evaluated.set(id, outcome);
    return outcome;
  };

  const top = run(decisionId, []);
  return {
    decisionId,
    ...(top.decisionName ? { decisionName: top.decisionName } : {}),
    result: top.result,
    matchedRules: top.matchedRules,
    evaluatedDecisions: [...evaluated.values()],
    warnings,
  };
}

function evaluateLogic(decision: CompiledDecision, context: Record<string, unknown>, feel: FeelRunner): EvaluatedDecision {
  const identity = { decisionId: decision.id, ...(decision.name ? { decisionName: decision.name } : {}), kind: decision.kind };
  if (decision.kind === 'literalExpression') {
    const site = { field: 'literalExpression', what: `literal expression "${decision.expression}"` };
    return { ...identity, result: toPlainValue(feel.expression(decision.expression, context, site)), matchedRules: [] };
  }
  const { result, matchedRules, inputs } = evaluateDecisionTable(decision, context, feel);
  return { ...identity, result, matchedRules, inputs };
}

function titleOf(decision: CompiledDecision): string {
  return `decision ${decision.name ? `"${decision.name}" ` : ''}(${decision.id})`;
}
