import type { DecisionOutput, DecisionTableDecision } from './decision-graph';
import type { DecisionEvaluationError } from './decision-evaluation-error';

/** The outputs one matched rule produced, as plain values in output column order. */
export interface RuleOutputs {
  ruleId: string;
  values: unknown[];
}

export interface HitPolicyResult {
  result: unknown;
  /** The rules behind `result`, in the order they appear in it. */
  matchedRules: string[];
}

export type Fail = (reason: string, site: { ruleIds?: string[]; field: string }) => DecisionEvaluationError;

type Table = Pick<DecisionTableDecision, 'hitPolicy' | 'aggregation' | 'outputs'>;

/**
 * Which of the matched rules can contribute, decided before any output entry is evaluated (so a
 * UNIQUE violation is reported even when an output of an overlapping rule would also fail).
 */
export function contributingRules(table: Table, matchedRuleIds: string[], fail: Fail): string[] {
  if (table.hitPolicy === 'UNIQUE' && matchedRuleIds.length > 1) {
    throw fail(`hit policy UNIQUE allows one matching rule, but ${matchedRuleIds.length} rules match`, {
      ruleIds: matchedRuleIds,
      field: 'hitPolicy',
    });
  }
  if (table.hitPolicy === 'FIRST') return matchedRuleIds.slice(0, 1);
  return matchedRuleIds;
}

/**
 * DMN 1.3 §8.2.11: the contributing rules' outputs → the table result, shaped as Camunda 8 returns it.
 * With no rule, single-result policies give null, multiple-result ones [], COUNT 0 and SUM/MIN/MAX
 * null (FEEL's `count([])` and `sum([])`).
 */
export function applyHitPolicy(table: Table, rules: RuleOutputs[], fail: Fail): HitPolicyResult {
  const shaped = (rule: RuleOutputs) => shapeOutputs(table.outputs, rule.values);
  const ids = (list: RuleOutputs[]) => list.map((r) => r.ruleId);
  switch (table.hitPolicy) {
    case 'UNIQUE':
    case 'FIRST':
      return { result: rules[0] ? shaped(rules[0]) : null, matchedRules: ids(rules.slice(0, 1)) };
    case 'ANY': {
      const disagreeing = rules.find((r) => !samePlainValue(r.values, rules[0]!.values));
      if (disagreeing) {
        const produced = rules.map((r) => `${r.ruleId} → ${JSON.stringify(shaped(r))}`).join(', ');
        throw fail(`hit policy ANY needs every matching rule to produce the same output, but they differ: ${produced}`, {
          ruleIds: ids(rules),
          field: 'hitPolicy',
        });
      }
      return { result: rules[0] ? shaped(rules[0]) : null, matchedRules: ids(rules) };
    }
    case 'PRIORITY': {
      const winner = byPriority(table.outputs, rules)[0];
      return { result: winner ? shaped(winner) : null, matchedRules: winner ? [winner.ruleId] : [] };
    }
    case 'OUTPUT ORDER': {
      const sorted = byPriority(table.outputs, rules);
      return { result: sorted.map(shaped), matchedRules: ids(sorted) };
    }
    case 'RULE ORDER':
      return { result: rules.map(shaped), matchedRules: ids(rules) };
    case 'COLLECT':
      return { result: table.aggregation ? aggregate(table, rules, fail) : rules.map(shaped), matchedRules: ids(rules) };
    default:
      // The compiler admits only the policies above; this guards a graph edited after compiling.
      throw fail(`hit policy "${String(table.hitPolicy)}" is not supported`, { field: 'hitPolicy' });
  }
}

/** One output → its value; several → an object keyed by output name (Camunda 8's result shape). */
export function shapeOutputs(outputs: DecisionOutput[], values: unknown[]): unknown {
  if (outputs.length === 1) return values[0] ?? null;
  return Object.fromEntries(outputs.map((o, i) => [o.name, values[i] ?? null]));
}

function aggregate(table: Table, rules: RuleOutputs[], fail: Fail): number | null {
  if (table.aggregation === 'COUNT') return rules.length;
  const numbers = rules.map((r) => {
    const value = r.values[0];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    throw fail(`COLLECT ${table.aggregation} needs numbers, but the output is ${JSON.stringify(value ?? null)}`, {
      ruleIds: [r.ruleId],
      field: 'outputEntry[1]',
    });
  });
  if (numbers.length === 0) return null;
  switch (table.aggregation) {
    case 'SUM':
      return numbers.reduce((a, b) => a + b, 0);
    case 'MIN':
      return Math.min(...numbers);
    case 'MAX':
      return Math.max(...numbers);
    default:
      throw fail(`aggregation "${String(table.aggregation)}" is not supported`, { field: 'aggregation' });
  }
}

/**
 * Sorts by output priority: the position of each output's value in its `outputValues`, first output
 * most significant; a value not listed ranks after every listed one. The sort is stable, so equal
 * priorities keep rule order.
 */
function byPriority(outputs: DecisionOutput[], rules: RuleOutputs[]): RuleOutputs[] {
  const rank = (rule: RuleOutputs) =>
    outputs.map((o, i) => {
      if (!o.priorityValues) return 0;
      const at = o.priorityValues.indexOf(rule.values[i] as string | number | boolean);
      return at < 0 ? o.priorityValues.length : at;
    });
  const ranked = rules.map((rule) => ({ rule, rank: rank(rule) }));
  ranked.sort((a, b) => {
    for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
    return 0;
  });
  return ranked.map((r) => r.rule);
}

/** Deep equality of plain JSON values (what rule outputs are once converted). */
function samePlainValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every((k) => k in bRecord && samePlainValue((a as Record<string, unknown>)[k], bRecord[k]))
  );
}
