import { Linter } from 'bpmnlint';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import recommended from 'bpmnlint/config/recommended';
import type { CompileProblem } from './compile-problem';
import {
  AD_HOC_JOB_WORKER_RULE,
  explainLint,
  subjectsOf,
  UNASSIGNED_USER_TASK_RULE,
  type LintElement,
  type LintSubject,
} from './lint-messages';
import type { ModdleElement } from './parse-bpmn';
import type { ProcessGraph } from './process-graph';

/**
 * The recommended rule set, loaded explicitly: bpmnlint's node resolver looks rules up relative to the
 * working directory, which breaks under bundlers and test runners.
 */
export const RECOMMENDED_RULES = Object.keys((recommended as { rules: Record<string, string> }).rules);
const cache: Record<string, unknown> = { 'config:bpmnlint/recommended': recommended };
for (const name of RECOMMENDED_RULES) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS rules named at run time; import() would make compiling async
  cache[`rule:bpmnlint/${name}`] = require(`bpmnlint/rules/${name}`);
}

/**
 * Reports listed per rule at most. A large diagram without labels or diagram interchange breaks some
 * rules once per element: thousands of identical advice lines help nobody, and listing them made a
 * deploy response of half a megabyte that took the event loop 50 ms just to check and send.
 */
export const MAX_WARNINGS_PER_RULE = 20;

/**
 * bpmnlint's recommended rules and Flowdesk's own checks, reported as warnings: modelling advice, never
 * a reason to refuse a deploy. Each says in words what is wrong with which element (see
 * lint-messages.ts), and carries the element id and the rule (`code` is `lint/<rule>`). Past
 * {@link MAX_WARNINGS_PER_RULE} findings of one rule, one more warning says how many were left out.
 */
export async function lintDefinitions(definitions: ModdleElement, graph?: ProcessGraph): Promise<CompileProblem[]> {
  // A linter per diagram: some rules (no-duplicate-sequence-flows) keep state in their instance, so a
  // shared linter reported flows of the previous diagram with the same ids as duplicates.
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new StaticResolver(cache) });
  const results = (await linter.lint(definitions)) as Record<string, Array<{ id?: string; message: string }>>;
  const subjects = subjectsOf(definitions as LintElement);
  const found = Object.entries(results).flatMap(([rule, reports]) =>
    reports.map((r) => warning(rule, r.message, r.id ? (subjects.get(r.id) ?? { id: r.id }) : undefined)),
  );
  return listedPerRule([...found, ...(graph ? [...unassignedUserTasks(graph), ...unreadByJobWorker(graph)] : [])]);
}

/** The first findings of each rule, in the order found, and a count of the rest. */
function listedPerRule(warnings: CompileProblem[]): CompileProblem[] {
  const byRule = new Map<string, CompileProblem[]>();
  for (const w of warnings) {
    const rule = w.rule ?? w.code;
    const found = byRule.get(rule);
    if (found) found.push(w);
    else byRule.set(rule, [w]);
  }
  return [...byRule.entries()].flatMap(([rule, found]) => {
    const listed = found.slice(0, MAX_WARNINGS_PER_RULE);
    const left = found.length - listed.length;
    return left > 0
      ? [...listed, { message: `${left} more elements break this rule; they are not listed`, code: `lint/${rule}`, rule }]
      : listed;
  });
}

/**
 * A user task with no assignee, candidate group or candidate user reaches nobody's list: the work
 * waits there until someone happens to look at the instance.
 */
function unassignedUserTasks(graph: ProcessGraph): CompileProblem[] {
  return Object.values(graph.elements)
    .filter((n) => n.kind === 'userTask' && !n.assignee && !n.candidateGroups && !n.candidateUsers)
    .map((n) => warning(UNASSIGNED_USER_TASK_RULE, '', { id: n.id, ...(n.name ? { name: n.name } : {}), type: 'bpmn:UserTask' }));
}

/**
 * An ad-hoc sub-process run by a job worker never evaluates `activeElementsCollection` or its completion
 * condition (the job's result decides both, as in Zeebe): a process owner who set one expects it to count.
 */
function unreadByJobWorker(graph: ProcessGraph): CompileProblem[] {
  return Object.values(graph.elements)
    .filter((n) => n.kind === 'subProcess' && n.adHoc?.jobWorker && (n.adHoc.activeElementsCollection || n.adHoc.completionCondition))
    .map((n) => warning(AD_HOC_JOB_WORKER_RULE, '', { id: n.id, ...(n.name ? { name: n.name } : {}), type: 'bpmn:AdHocSubProcess' }));
}

function warning(rule: string, original: string, subject: LintSubject | undefined): CompileProblem {
  const message = subject ? explainLint(rule, original, subject) : original;
  return {
    ...(subject ? { elementId: subject.id } : {}),
    ...(subject?.name ? { elementName: subject.name } : {}),
    message,
    code: `lint/${rule}`,
    rule,
  };
}
