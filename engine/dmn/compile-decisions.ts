import { createHash } from 'node:crypto';
import type { ModdleElement } from '../compiler/parse-bpmn';
import { checkRequirements } from './check-requirements';
import { compileDecision, resultNameOf } from './compile-decision';
import { isFeelLanguage } from './feel-syntax';
import type { CompiledDecision, DecisionGraph } from './decision-graph';
import { DmnValidationError, ProblemSink } from './decision-problem';
import { assertWithinDmnElementLimit } from './dmn-element-limit';
import { parseDmn } from './parse-dmn';

/** DRD elements that only document a model; they carry no logic the engine has to run. */
const DOCUMENTATION_ONLY = new Set(['dmn:InputData', 'dmn:KnowledgeSource']);

export interface CompiledDecisions {
  graph: DecisionGraph;
  /** The document's `definitions` id: Camunda's decision requirements id, which a deployment answers with. */
  requirementsId: string;
  /** The document's `definitions` name (Camunda's decision requirements name), if it has one. */
  requirementsName?: string;
  /** sha256 of the XML, so re-deploying identical XML can be recognised. */
  contentHash: string;
}

/**
 * DMN 1.3 XML, as Camunda Modeler and dmn-js write it → a validated, JSON-serialisable decision graph
 * that {@link evaluateDecision} runs. Diagram interchange (DMNDI) is ignored.
 *
 * Supported: decision tables with every DMN 1.3 hit policy (COLLECT with SUM, MIN, MAX or COUNT),
 * literal-expression decisions, and required decisions within the document. Not supported, and
 * reported as such: business knowledge models, decision services, other boxed expressions (context,
 * invocation, relation…), DMN imports, expression languages other than FEEL.
 *
 * @throws DmnTooLargeError over the element limit (counted before parsing)
 * @throws DmnParseError when the text is not DMN 1.3 XML (or is over 1 MB, or declares a DOCTYPE)
 * @throws DmnValidationError listing every problem, each with the decision id and, inside a table,
 *   the rule id and the field (`inputEntry[2]`, `hitPolicy`…)
 */
export async function compileDecisions(xml: string): Promise<CompiledDecisions> {
  assertWithinDmnElementLimit(xml);
  const { definitions, warnings } = await parseDmn(xml);
  const sink = new ProblemSink();
  sink.problems.push(...warnings);
  const documentLevel = sink.forDecision(undefined);
  if (!isFeelLanguage(definitions.expressionLanguage)) {
    documentLevel(
      'UNSUPPORTED_EXPRESSION_LANGUAGE',
      `expression language "${String(definitions.expressionLanguage)}" is not supported; only FEEL is`,
      { field: 'expressionLanguage' },
    );
  }

  const drgElements = (definitions.drgElement as ModdleElement[] | undefined) ?? [];
  const moddleDecisions = collectDecisions(drgElements, sink);
  const resultNames = Object.fromEntries(moddleDecisions.map((d) => [d.id!, resultNameOf(d)]));
  const decisions: Record<string, CompiledDecision> = {};
  for (const moddleDecision of moddleDecisions) {
    const compiled = compileDecision(moddleDecision, resultNames, sink.forDecision(moddleDecision.id, nameOf(moddleDecision)));
    if (compiled) decisions[compiled.id] = compiled;
  }
  if (moddleDecisions.length === 0 && sink.problems.length === 0) {
    documentLevel('NO_DECISIONS', 'the document contains no decision');
  }
  if (sink.problems.length === 0) checkRequirements(decisions, sink);
  if (sink.problems.length) throw new DmnValidationError(sink.problems);

  return {
    graph: { decisions },
    requirementsId: typeof definitions.id === 'string' ? definitions.id : '',
    ...(typeof definitions.name === 'string' && definitions.name !== '' ? { requirementsName: definitions.name } : {}),
    contentHash: createHash('sha256').update(xml).digest('hex'),
  };
}

/**
 * The `dmn:Decision`s that have an id; everything else on the DRD is skipped or refused. A duplicate id
 * never gets here: moddle drops the second element with a warning, which is already a problem.
 */
function collectDecisions(drgElements: ModdleElement[], sink: ProblemSink): ModdleElement[] {
  const decisions: ModdleElement[] = [];
  for (const el of drgElements) {
    const report = sink.forDecision(el.id, nameOf(el));
    const kind = el.$type.replace('dmn:', '');
    if (!el.id) {
      report('MISSING_ID', `a ${kind} has no id`);
      continue;
    }
    if (el.$type === 'dmn:Decision') decisions.push(el);
    else if (!DOCUMENTATION_ONLY.has(el.$type)) report('UNSUPPORTED_ELEMENT', `${kind} elements are not supported`);
  }
  return decisions;
}

function nameOf(el: ModdleElement): string | undefined {
  return typeof el.name === 'string' && el.name ? el.name : undefined;
}
