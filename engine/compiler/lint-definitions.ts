import { Linter } from 'bpmnlint';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import recommended from 'bpmnlint/config/recommended';
import type { CompileProblem } from './compile-problem';
import type { ModdleElement } from './parse-bpmn';

/**
 * The recommended rule set, loaded explicitly: bpmnlint's node resolver looks rules up relative to the
 * working directory, which breaks under bundlers and test runners.
 */
const ruleNames = Object.keys((recommended as { rules: Record<string, string> }).rules);
const cache: Record<string, unknown> = { 'config:bpmnlint/recommended': recommended };
for (const name of ruleNames) cache[`rule:bpmnlint/${name}`] = require(`bpmnlint/rules/${name}`);

/** bpmnlint's recommended rules, reported as warnings: modelling advice, never a reason to refuse a deploy. */
export async function lintDefinitions(definitions: ModdleElement): Promise<CompileProblem[]> {
  // A linter per diagram: some rules (no-duplicate-sequence-flows) keep state in their instance, so a
  // shared linter reported flows of the previous diagram with the same ids as duplicates.
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new StaticResolver(cache) });
  const results = (await linter.lint(definitions)) as Record<string, Array<{ id?: string; message: string }>>;
  return Object.entries(results).flatMap(([rule, reports]) =>
    reports.map((r) => ({ ...(r.id ? { elementId: r.id } : {}), message: r.message, code: `lint/${rule}` })),
  );
}
