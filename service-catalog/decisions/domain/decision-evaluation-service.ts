import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DecisionEvaluationError, evaluateDecision, MULTIPLE_RESULT_POLICIES } from '../../../engine/dmn';
import type { DecisionTableDecision, EvaluatedDecision } from '../../../engine/dmn';
import { FeelBudget } from '../../../engine/feel/feel-budget';
import { RUNAWAY_GUARDS } from '../../../engine/runtime/runaway-guards';
import { NotFound } from '../../errors';
import { DEFAULT_TENANT } from '../../identity/domain/camunda-tenant';
import { DecisionDefinition } from './decision-definition.entity';
import { DecisionDefinitionService } from './decision-definition-service';
import { DecisionRequirements } from './decision-requirements.entity';

/** One decision of an evaluation in Camunda 8's `EvaluatedDecisionResult` shape; values are JSON text. */
export interface CamundaEvaluatedDecision {
  decisionDefinitionId: string;
  decisionDefinitionKey: string;
  decisionDefinitionName: string;
  decisionDefinitionVersion: number;
  decisionDefinitionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION';
  decisionEvaluationInstanceKey: string;
  output: string;
  tenantId: string;
  matchedRules: Array<{
    ruleId: string;
    ruleIndex: number;
    evaluatedOutputs: Array<{ outputId: string; outputName: string; outputValue: string; ruleId: string; ruleIndex: number }>;
  }>;
  evaluatedInputs: Array<{ inputId: string; inputName: string; inputValue: string }>;
}

/** A whole evaluation in Camunda 8's `EvaluateDecisionResult` shape; a failed one names the decision that failed. */
export interface CamundaDecisionEvaluation {
  decisionDefinitionId: string;
  decisionDefinitionKey: string;
  decisionDefinitionName: string;
  decisionDefinitionVersion: number;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  decisionEvaluationKey: string;
  decisionInstanceKey: string;
  output: string;
  failedDecisionDefinitionId: string | null;
  failureMessage: string | null;
  tenantId: string;
  evaluatedDecisions: CamundaEvaluatedDecision[];
}

/**
 * Evaluates a deployed decision outside any process, as Camunda 8's `POST /v2/decision-definitions/evaluation`
 * does: the engine's own `evaluateDecision` on the version asked for (the latest by id), within the same FEEL
 * budget a business rule task has, so no input can keep the API busy. Nothing is stored.
 */
export class DecisionEvaluationService {
  constructor(private readonly em: EntityManager) {}

  async evaluate(which: { decisionId: string } | { key: string }, variables: Record<string, unknown>): Promise<CamundaDecisionEvaluation> {
    const definition = 'key' in which ? await this.byKey(which.key) : await new DecisionDefinitionService(this.em).latest(which.decisionId);
    // The decisions it requires were deployed with it, from the same file, whose version they point at.
    const siblings = await this.em.find(DecisionDefinition, { requirementsKey: definition.requirementsKey });
    const requirements = await this.em.findOne(DecisionRequirements, { id: definition.requirementsKey });
    const rowOf = (id: string) => siblings.find((d) => d.decisionId === id) ?? definition;
    const evaluationKey = randomUUID();
    const base = {
      decisionDefinitionId: definition.decisionId,
      decisionDefinitionKey: definition.id,
      decisionDefinitionName: definition.name ?? definition.decisionId,
      decisionDefinitionVersion: definition.version,
      decisionRequirementsId: requirements?.requirementsId ?? definition.decisionId,
      decisionRequirementsKey: definition.requirementsKey,
      decisionEvaluationKey: evaluationKey,
      decisionInstanceKey: evaluationKey,
      tenantId: DEFAULT_TENANT,
    };
    try {
      const evaluation = evaluateDecision(definition.graph, definition.decisionId, variables, new FeelBudget(RUNAWAY_GUARDS.feelBudget));
      return {
        ...base,
        output: JSON.stringify(evaluation.result ?? null),
        failedDecisionDefinitionId: null,
        failureMessage: null,
        evaluatedDecisions: evaluation.evaluatedDecisions.map((d, i) => {
          const row = rowOf(d.decisionId);
          return present(d, definition.graph.decisions[d.decisionId], {
            key: row.id,
            version: row.version,
            instance: `${evaluationKey}.${i + 1}`,
          });
        }),
      };
    } catch (err) {
      // As Zeebe answers a decision that cannot produce a result: the evaluation, failed, and which decision failed.
      const failed = err instanceof DecisionEvaluationError ? err.decisionId : definition.decisionId;
      return {
        ...base,
        output: 'null',
        failedDecisionDefinitionId: failed,
        failureMessage: err instanceof Error ? err.message : String(err),
        evaluatedDecisions: [],
      };
    }
  }

  private async byKey(key: string): Promise<DecisionDefinition> {
    const found = await this.em.findOne(DecisionDefinition, { id: key });
    if (!found) throw new NotFound('DECISION_NOT_FOUND', `no deployed decision has key ${key}`);
    return found;
  }
}

const json = (value: unknown) => JSON.stringify(value ?? null);

function present(
  d: EvaluatedDecision,
  compiled: DecisionTableDecision | { kind: 'literalExpression' } | undefined,
  row: { key: string; version: number; instance: string },
): CamundaEvaluatedDecision {
  const table = compiled?.kind === 'decisionTable' ? compiled : undefined;
  return {
    decisionDefinitionId: d.decisionId,
    decisionDefinitionKey: row.key,
    decisionDefinitionName: d.decisionName ?? d.decisionId,
    decisionDefinitionVersion: row.version,
    decisionDefinitionType: d.kind === 'decisionTable' ? 'DECISION_TABLE' : 'LITERAL_EXPRESSION',
    decisionEvaluationInstanceKey: row.instance,
    output: json(d.result),
    tenantId: DEFAULT_TENANT,
    matchedRules: table ? matchedRulesOf(table, d) : [],
    evaluatedInputs: (d.inputs ?? []).map((input) => ({
      inputId: input.inputId,
      inputName: input.label ?? input.inputId,
      inputValue: json(input.value),
    })),
  };
}

/**
 * Each matched rule with the outputs it produced. A multiple-result table's result lists one entry per
 * matched rule, in their order; an aggregated one (COLLECT with SUM…) keeps no rule's own outputs.
 */
function matchedRulesOf(table: DecisionTableDecision, d: EvaluatedDecision): CamundaEvaluatedDecision['matchedRules'] {
  const multiple = MULTIPLE_RESULT_POLICIES.has(table.hitPolicy);
  return d.matchedRules.map((ruleId, i) => {
    const ruleIndex = table.rules.findIndex((r) => r.id === ruleId) + 1;
    const value = table.aggregation ? undefined : multiple ? (d.result as unknown[])[i] : d.result;
    const outputs =
      value === undefined
        ? []
        : table.outputs.map((o) => ({
            outputId: o.id,
            outputName: o.name || o.label || o.id,
            outputValue: json(table.outputs.length === 1 ? value : (value as Record<string, unknown> | null)?.[o.name]),
            ruleId,
            ruleIndex,
          }));
    return { ruleId, ruleIndex, evaluatedOutputs: outputs };
  });
}
