import { MAX_VERSION_TAG_LENGTH, versionTagValue } from '../compiler/compile-called-binding';
import type { ModdleElement } from '../compiler/parse-bpmn';
import { compileDecisionTable } from './compile-decision-table';
import type { CompiledDecision } from './decision-graph';
import type { DecisionProblemReporter } from './decision-problem';
import { expressionSyntaxError, isFeelLanguage } from './feel-syntax';

/**
 * One moddle `dmn:Decision` → its compiled form, or undefined when its logic cannot be compiled.
 * @param resultNames the result variable name of every decision in the document, by id, so FEEL that
 *   reads a required decision's result parses even when that name contains spaces or dashes
 */
export function compileDecision(
  decision: ModdleElement,
  resultNames: Record<string, string>,
  report: DecisionProblemReporter,
): CompiledDecision | undefined {
  const id = decision.id!;
  const requiredDecisions = requiredDecisionIds(decision, report);
  if (((decision.knowledgeRequirement as unknown[] | undefined) ?? []).length) {
    report('UNSUPPORTED_REQUIREMENT', 'knowledge requirements (business knowledge models) are not supported', {
      field: 'knowledgeRequirement',
    });
  }
  const names = requiredDecisions.map((r) => resultNames[r] ?? r);
  const versionTag = versionTagOf(decision, report);
  const base = {
    id,
    ...(decision.name ? { name: String(decision.name) } : {}),
    ...(versionTag ? { versionTag } : {}),
    resultName: resultNames[id]!,
    requiredDecisions,
  };

  const logic = decision.decisionLogic as ModdleElement | undefined;
  switch (logic?.$type) {
    case 'dmn:DecisionTable':
      return { ...base, kind: 'decisionTable', ...compileDecisionTable(logic, names, report) };
    case 'dmn:LiteralExpression': {
      const expression = typeof logic.text === 'string' ? logic.text.trim() : '';
      if (!isFeelLanguage(logic.expressionLanguage)) {
        report(
          'UNSUPPORTED_EXPRESSION_LANGUAGE',
          `expression language "${String(logic.expressionLanguage)}" is not supported; only FEEL is`,
          { field: 'literalExpression' },
        );
      }
      if (!expression) {
        report('MISSING_EXPRESSION', 'the literal expression is empty', { field: 'literalExpression' });
        return undefined;
      }
      const error = expressionSyntaxError(expression, names);
      if (error) report('INVALID_FEEL', `literal expression "${expression}" is not valid FEEL: ${error}`, { field: 'literalExpression' });
      return { ...base, kind: 'literalExpression', expression };
    }
    case undefined:
      report('MISSING_DECISION_LOGIC', 'the decision has neither a decision table nor a literal expression', { field: 'decisionLogic' });
      return undefined;
    default:
      report(
        'UNSUPPORTED_DECISION_LOGIC',
        `${logic!.$type.replace('dmn:', '')} decision logic is not supported; use a decision table or a literal expression`,
        { field: 'decisionLogic' },
      );
      return undefined;
  }
}

/** The variable other decisions read this one's result from; see {@link CompiledDecision.resultName}. */
export function resultNameOf(decision: ModdleElement): string {
  const variableName = (decision.variable as ModdleElement | undefined)?.name;
  return typeof variableName === 'string' && variableName.trim() ? variableName.trim() : decision.id!;
}

/**
 * `<informationRequirement><requiredDecision href="#id"/>` → ids. Required inputs (`dmn:InputData`) only
 * document which variables the caller provides, so they are not followed; references into other
 * documents (`other.dmn#id`) would need DMN imports, which are not supported.
 */
function requiredDecisionIds(decision: ModdleElement, report: DecisionProblemReporter): string[] {
  const ids: string[] = [];
  for (const requirement of (decision.informationRequirement as ModdleElement[] | undefined) ?? []) {
    const href = (requirement.requiredDecision as ModdleElement | undefined)?.href;
    if (typeof href !== 'string') continue;
    if (!href.startsWith('#') || href.length < 2) {
      report('UNSUPPORTED_REQUIREMENT', `required decision "${href}" is in another document; DMN imports are not supported`, {
        field: 'informationRequirement',
      });
      continue;
    }
    if (!ids.includes(href.slice(1))) ids.push(href.slice(1));
  }
  return ids;
}

/**
 * The decision's `zeebe:versionTag` (Camunda 8.6), which a business rule task with `bindingType="versionTag"`
 * names. dmn-moddle has no zeebe vocabulary, so it arrives as a generic extension element.
 */
function versionTagOf(decision: ModdleElement, report: DecisionProblemReporter): string | undefined {
  const values = (decision.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? [];
  const versionTag = versionTagValue(values.find((v) => v.$type === 'zeebe:versionTag')?.value);
  if (versionTag === null) {
    report('INVALID_VERSION_TAG', `the version tag is longer than ${MAX_VERSION_TAG_LENGTH} characters`, { field: 'zeebe:versionTag' });
    return undefined;
  }
  return versionTag;
}
