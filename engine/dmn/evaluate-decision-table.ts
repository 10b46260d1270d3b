import { toPlainValue } from '../feel/feel';
import type { DecisionOutput, DecisionRule, DecisionTableDecision } from './decision-graph';
import type { EvaluatedInput } from './decision-result';
import type { FeelRunner } from './feel-runner';
import { applyHitPolicy, contributingRules, shapeOutputs, type HitPolicyResult, type RuleOutputs } from './hit-policy';

export interface TableOutcome extends HitPolicyResult {
  inputs: EvaluatedInput[];
}

/**
 * One decision table against a FEEL context (DMN 1.3 §8.3): evaluate each input expression once, test
 * every rule's input entries against those values (`-` matches anything; a test answering null is no
 * match), then evaluate the output entries of the rules the hit policy keeps.
 *
 * Allowed values are enforced, on inputs and outputs: a value outside its `inputValues` or
 * `outputValues` is an error, not a quiet no-match — it is nearly always a typo ("High" for "high")
 * that would otherwise route a ticket the wrong way without anyone noticing.
 */
export function evaluateDecisionTable(table: DecisionTableDecision, context: Record<string, unknown>, feel: FeelRunner): TableOutcome {
  const inputValues = table.inputs.map((input, i) => {
    const field = `input[${i + 1}].inputExpression`;
    const value = feel.expression(input.expression, context, { field, what: `input expression "${input.expression}"` });
    if (input.allowedValues) {
      const name = `input ${input.label ? `"${input.label}"` : i + 1}`;
      ensureAllowed(feel, input.allowedValues, value, context, { field, what: `${name} (${input.expression})` });
    }
    return value;
  });

  const matched = table.rules.filter((rule) => ruleMatches(rule, inputValues, context, feel)).map((r) => r.id);
  const fail = feel.failure.bind(feel);
  const contributing = contributingRules(table, matched, fail);
  const rulesById = new Map(table.rules.map((r) => [r.id, r]));
  const outputs = contributing.map((id) => evaluateOutputs(table.outputs, rulesById.get(id)!, context, feel));

  const inputs = table.inputs.map((input, i) => ({
    inputId: input.id,
    ...(input.label ? { label: input.label } : {}),
    value: toPlainValue(inputValues[i]),
  }));
  if (outputs.length === 0 && table.outputs.some((o) => o.defaultValue)) {
    // Default output entries (only compiled for single-result policies) stand in for a missing match.
    return { result: shapeOutputs(table.outputs, evaluateDefaults(table.outputs, context, feel)), matchedRules: [], inputs };
  }
  return { ...applyHitPolicy(table, outputs, fail), inputs };
}

function ruleMatches(rule: DecisionRule, inputValues: unknown[], context: Record<string, unknown>, feel: FeelRunner): boolean {
  return rule.inputEntries.every((tests, i) => {
    if (tests === '-') return true;
    const site = { ruleId: rule.id, field: `inputEntry[${i + 1}]`, what: `input entry "${tests}"` };
    return feel.test(tests, inputValues[i], context, site) === true;
  });
}

function evaluateOutputs(outputs: DecisionOutput[], rule: DecisionRule, context: Record<string, unknown>, feel: FeelRunner): RuleOutputs {
  const values = outputs.map((output, i) => {
    const entry = rule.outputEntries[i] ?? null;
    if (entry === null) return null;
    const site = { ruleId: rule.id, field: `outputEntry[${i + 1}]`, what: `output entry "${entry}"` };
    const value = feel.expression(entry, context, site);
    if (output.allowedValues)
      ensureAllowed(feel, output.allowedValues, value, context, { ...site, what: `output ${output.name || output.label || i + 1}` });
    return toPlainValue(value);
  });
  return { ruleId: rule.id, values };
}

function evaluateDefaults(outputs: DecisionOutput[], context: Record<string, unknown>, feel: FeelRunner): unknown[] {
  return outputs.map((output, i) => {
    if (!output.defaultValue) return null;
    const site = { field: `output[${i + 1}].defaultOutputEntry`, what: `default output "${output.defaultValue}"` };
    const value = feel.expression(output.defaultValue, context, site);
    if (output.allowedValues)
      ensureAllowed(feel, output.allowedValues, value, context, { ...site, what: `output ${output.name || output.label || i + 1}` });
    return toPlainValue(value);
  });
}

function ensureAllowed(
  feel: FeelRunner,
  allowedValues: string,
  value: unknown,
  context: Record<string, unknown>,
  site: { ruleId?: string; field: string; what: string },
): void {
  const testSite = { ...site, what: `allowed values ${allowedValues} of ${site.what}` };
  if (feel.test(allowedValues, value, context, testSite) === true) return;
  // A null from a missing variable is the usual cause; say so, since the warning alone is not thrown.
  const why = feel.warningsAt(site.field, site.ruleId).map((w) => w.message);
  const hint = why.length ? ` (${why.join('; ')})` : '';
  throw feel.failure(
    `${site.what} is ${JSON.stringify(toPlainValue(value))}, which is not one of its allowed values ${allowedValues}${hint}`,
    site,
  );
}
