import type { ModdleElement } from '../compiler/parse-bpmn';
import {
  AGGREGATIONS,
  HIT_POLICIES,
  MULTIPLE_RESULT_POLICIES,
  type Aggregation,
  type DecisionInput,
  type DecisionOutput,
  type DecisionRule,
  type DecisionTableDecision,
  type HitPolicy,
} from './decision-graph';
import type { DecisionProblemReporter } from './decision-problem';
import { expressionSyntaxError, isFeelLanguage, isMatchAny, literalValues, unaryTestsSyntaxError } from './feel-syntax';

export type CompiledTable = Pick<DecisionTableDecision, 'hitPolicy' | 'aggregation' | 'inputs' | 'outputs' | 'rules'>;

/**
 * A moddle `dmn:DecisionTable` → its compiled form. Every problem is reported, none stops the others,
 * so a modeller sees the whole list at once. Columns are numbered from 1, as dmn-js shows them.
 * @param names variables known to the table's FEEL (results of required decisions)
 */
export function compileDecisionTable(table: ModdleElement, names: string[], report: DecisionProblemReporter): CompiledTable {
  const hitPolicy = String(table.hitPolicy ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) {
    report('UNKNOWN_HIT_POLICY', `hit policy "${hitPolicy}" is not one of ${HIT_POLICIES.join(', ')}`, { field: 'hitPolicy' });
  }
  const aggregation = table.aggregation === undefined ? undefined : (String(table.aggregation) as Aggregation);
  if (aggregation !== undefined && !AGGREGATIONS.includes(aggregation)) {
    report('UNKNOWN_AGGREGATION', `aggregation "${aggregation}" is not one of ${AGGREGATIONS.join(', ')}`, { field: 'aggregation' });
  }
  if (aggregation !== undefined && hitPolicy !== 'COLLECT') {
    report('AGGREGATION_NOT_ALLOWED', `aggregation ${aggregation} is only allowed with hit policy COLLECT, not ${hitPolicy}`, {
      field: 'aggregation',
    });
  }

  const inputs = elements(table.input).map((input, i) => compileInput(input, i + 1, names, report));
  const outputs = elements(table.output).map((output, i) => compileOutput(output, i + 1, names, report));
  checkOutputs(outputs, hitPolicy, aggregation, report);
  const rules = elements(table.rule).map((rule, i) => compileRule(rule, i + 1, inputs, outputs, names, report));

  return { hitPolicy, ...(aggregation ? { aggregation } : {}), inputs, outputs, rules };
}

function compileInput(input: ModdleElement, column: number, names: string[], report: DecisionProblemReporter): DecisionInput {
  const field = `input[${column}]`;
  const label = textOf(input.label);
  const expressionElement = input.inputExpression as ModdleElement | undefined;
  const expression = textOf(expressionElement?.text)?.trim() ?? '';
  const title = `input ${label ? `"${label}"` : column}`;
  if (!expression) {
    report('MISSING_EXPRESSION', `${title} has no input expression`, { field: `${field}.inputExpression` });
  } else {
    checkLanguage(expressionElement, `${field}.inputExpression`, report);
    const error = expressionSyntaxError(expression, names);
    if (error)
      report('INVALID_FEEL', `${title}: input expression "${expression}" is not valid FEEL: ${error}`, {
        field: `${field}.inputExpression`,
      });
  }
  const allowedValues = allowedValuesOf(input.inputValues, `${title}: input values`, `${field}.inputValues`, names, report);
  return {
    id: input.id ?? '',
    ...(label ? { label } : {}),
    expression,
    ...(expressionElement?.typeRef ? { typeRef: String(expressionElement.typeRef) } : {}),
    ...(allowedValues ? { allowedValues } : {}),
  };
}

function compileOutput(output: ModdleElement, column: number, names: string[], report: DecisionProblemReporter): DecisionOutput {
  const field = `output[${column}]`;
  const label = textOf(output.label);
  const name = textOf(output.name)?.trim() ?? '';
  const title = `output ${name || label || column}`;
  const allowedValues = allowedValuesOf(output.outputValues, `${title}: output values`, `${field}.outputValues`, names, report);
  const priorityValues = allowedValues ? literalValues(allowedValues) : undefined;
  const defaultElement = output.defaultOutputEntry as ModdleElement | undefined;
  const defaultValue = textOf(defaultElement?.text)?.trim();
  if (defaultValue) {
    checkLanguage(defaultElement, `${field}.defaultOutputEntry`, report);
    const error = expressionSyntaxError(defaultValue, names);
    if (error)
      report('INVALID_FEEL', `${title}: default output "${defaultValue}" is not valid FEEL: ${error}`, {
        field: `${field}.defaultOutputEntry`,
      });
  }
  return {
    id: output.id ?? '',
    name,
    ...(label ? { label } : {}),
    ...(output.typeRef ? { typeRef: String(output.typeRef) } : {}),
    ...(allowedValues ? { allowedValues } : {}),
    ...(priorityValues ? { priorityValues } : {}),
    ...(defaultValue ? { defaultValue } : {}),
  };
}

function checkOutputs(
  outputs: DecisionOutput[],
  hitPolicy: HitPolicy,
  aggregation: Aggregation | undefined,
  report: DecisionProblemReporter,
): void {
  if (outputs.length === 0) report('NO_OUTPUTS', 'the decision table has no output column', { field: 'output' });
  if (outputs.length > 1) {
    // Several outputs become an object keyed by output name, so every name must be present and distinct.
    const seen = new Set<string>();
    outputs.forEach((o, i) => {
      if (!o.name)
        report('MISSING_OUTPUT_NAME', `output ${i + 1} has no name; a table with several outputs needs one per output`, {
          field: `output[${i + 1}].name`,
        });
      else if (seen.has(o.name))
        report('DUPLICATE_OUTPUT_NAME', `output name "${o.name}" is used twice`, { field: `output[${i + 1}].name` });
      seen.add(o.name);
    });
    if (aggregation) {
      report(
        'AGGREGATION_NEEDS_SINGLE_OUTPUT',
        `COLLECT ${aggregation} aggregates one value per rule, but the table has ${outputs.length} outputs`,
        { field: 'aggregation' },
      );
    }
  }
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !outputs.some((o) => o.priorityValues)) {
    report(
      'MISSING_PRIORITY_VALUES',
      `hit policy ${hitPolicy} ranks results by the order of output values, but no output lists literal output values`,
      { field: 'output' },
    );
  }
  if (MULTIPLE_RESULT_POLICIES.has(hitPolicy)) {
    // Without a match a multiple-result table answers [] (or its aggregate); where a default would go
    // in that list is not defined, so it is refused rather than guessed.
    outputs.forEach((o, i) => {
      if (o.defaultValue)
        report(
          'UNSUPPORTED_DEFAULT_OUTPUT',
          `output ${o.name || i + 1} has a default value, which only single-result hit policies support`,
          { field: `output[${i + 1}].defaultOutputEntry` },
        );
    });
  }
}

function compileRule(
  rule: ModdleElement,
  row: number,
  inputs: DecisionInput[],
  outputs: DecisionOutput[],
  names: string[],
  report: DecisionProblemReporter,
): DecisionRule {
  const ruleId = rule.id ?? '';
  if (!ruleId) report('MISSING_ID', `rule ${row} has no id`, { field: `rule[${row}]` });
  const at = (field: string) => ({ ...(ruleId ? { ruleId } : {}), field });
  const inputEntries = elements(rule.inputEntry);
  const outputEntries = elements(rule.outputEntry);
  if (inputEntries.length !== inputs.length) {
    report('ENTRY_COUNT', `has ${inputEntries.length} input entries for ${inputs.length} inputs`, at('inputEntry'));
  }
  if (outputEntries.length !== outputs.length) {
    report('ENTRY_COUNT', `has ${outputEntries.length} output entries for ${outputs.length} outputs`, at('outputEntry'));
  }

  const tests = inputEntries.map((entry, i) => {
    const text = textOf(entry.text)?.trim() ?? '';
    if (isMatchAny(text)) return '-';
    checkLanguage(entry, `inputEntry[${i + 1}]`, report, ruleId);
    const error = unaryTestsSyntaxError(text, names);
    const label = inputs[i]?.label ?? inputs[i]?.expression ?? String(i + 1);
    if (error)
      report('INVALID_FEEL', `input entry "${text}" for ${label} is not valid FEEL unary tests: ${error}`, at(`inputEntry[${i + 1}]`));
    return text;
  });
  const values = outputEntries.map((entry, i) => {
    const text = textOf(entry.text)?.trim() ?? '';
    if (!text) return null;
    checkLanguage(entry, `outputEntry[${i + 1}]`, report, ruleId);
    const error = expressionSyntaxError(text, names);
    const name = outputs[i]?.name || outputs[i]?.label || String(i + 1);
    if (error) report('INVALID_FEEL', `output entry "${text}" for ${name} is not valid FEEL: ${error}`, at(`outputEntry[${i + 1}]`));
    return text;
  });
  const annotation = textOf(rule.description)?.trim();
  return { id: ruleId, inputEntries: tests, outputEntries: values, ...(annotation ? { annotation } : {}) };
}

function allowedValuesOf(
  element: unknown,
  title: string,
  field: string,
  names: string[],
  report: DecisionProblemReporter,
): string | undefined {
  const text = textOf((element as ModdleElement | undefined)?.text)?.trim();
  if (!text) return undefined;
  const error = unaryTestsSyntaxError(text, names);
  if (error) report('INVALID_FEEL', `${title} "${text}" are not valid FEEL unary tests: ${error}`, { field });
  return text;
}

function checkLanguage(element: ModdleElement | undefined, field: string, report: DecisionProblemReporter, ruleId?: string): void {
  if (isFeelLanguage(element?.expressionLanguage)) return;
  const where = { ...(ruleId ? { ruleId } : {}), field };
  report(
    'UNSUPPORTED_EXPRESSION_LANGUAGE',
    `expression language "${String(element!.expressionLanguage)}" is not supported; only FEEL is`,
    where,
  );
}

function elements(value: unknown): ModdleElement[] {
  return (value as ModdleElement[] | undefined) ?? [];
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
