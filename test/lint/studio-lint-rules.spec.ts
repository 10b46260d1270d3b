import { readFileSync } from 'node:fs';
import { RECOMMENDED_RULES } from '../../engine/compiler/lint-definitions';
import { AD_HOC_JOB_WORKER_RULE, explainLint, LINT_SENTENCES, UNASSIGNED_USER_TASK_RULE } from '../../engine/compiler/lint-messages';
import { repoFile } from '../support/repo-root';

/**
 * The studio's live lint (ui/src/app/features/studio/lint) runs the rules the server lints a deploy
 * with: bpmnlint's recommended set from the same bpmnlint release, every rule of it bundled, and
 * Flowdesk's own check, and marks the findings in the server's words. The UI cannot import the engine
 * (import boundaries), so this spec holds the two to one source: the bpmnlint package's own recommended
 * config, at one pinned version, and the server's message table, copied unchanged.
 */
describe('studio live lint uses the server’s rules', () => {
  const version = (dir: string) =>
    (JSON.parse(readFileSync(repoFile(`${dir}package.json`), 'utf8')) as { dependencies: Record<string, string> }).dependencies['bpmnlint'];
  const source = readFileSync(repoFile('ui/src/app/features/studio/lint/live-lint-rules.ts'), 'utf8');

  it('pins the same bpmnlint release in the UI as on the server, exactly', () => {
    expect(version('')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(version('ui/')).toBe(version(''));
  });

  it('bundles every rule of the recommended set, each from its own module', () => {
    const imported = [...source.matchAll(/from 'bpmnlint\/rules\/([a-z-]+)'/g)].map((m) => m[1]).sort();
    expect(imported).toEqual([...RECOMMENDED_RULES].sort());
    expect(source).toContain("extends: 'bpmnlint:recommended'");
  });

  it('shows the server’s words: the studio’s message table is the server’s, byte for byte', () => {
    // The UI may not import engine/: it keeps a copy, and this holds the copy to the original.
    const server = readFileSync(repoFile('engine/compiler/lint-messages.ts'), 'utf8');
    const studio = readFileSync(repoFile('ui/src/app/features/studio/lint/lint-messages.ts'), 'utf8');
    expect(studio.length).toBeGreaterThan(1000);
    expect(studio === server ? 'equal' : 'copy engine/compiler/lint-messages.ts over the studio’s').toBe('equal');
  });

  it('rewords every live report with that table, after bpmn-js-bpmnlint and before it marks the diagram', () => {
    const words = readFileSync(repoFile('ui/src/app/features/studio/lint/lint-in-words.ts'), 'utf8');
    expect(words).toContain("from './lint-messages'");
    expect(words).toMatch(/linting\.lint = async/);
    expect(words).toMatch(/reportInWords\(rule, r, subjects\)/);
    const modeler = readFileSync(repoFile('ui/src/app/features/studio/create-modeler.ts'), 'utf8');
    expect(modeler).toMatch(/LintModule,\s+LintInWordsModule,/);
  });

  it('adds Flowdesk’s unassigned user task check under the server’s rule id, worded by the table', () => {
    const rule = readFileSync(repoFile('ui/src/app/features/studio/lint/unassigned-user-task.ts'), 'utf8');
    expect(rule).toContain("import { UNASSIGNED_USER_TASK_RULE } from './lint-messages';");
    expect(source).toContain("[UNASSIGNED_USER_TASK_RULE]: 'warn'");
    expect(LINT_SENTENCES[UNASSIGNED_USER_TASK_RULE]).toBeDefined();
    const serverSentence = explainLint(UNASSIGNED_USER_TASK_RULE, '', { id: 'X', name: 'X', type: 'bpmn:UserTask' });
    expect(serverSentence).toBe('Nobody will see the task “X”: it has no assignee, candidate group or candidate user.');
  });

  it('adds Flowdesk’s check of an ad-hoc sub-process whose job worker ignores its settings, worded by the table', () => {
    const rule = readFileSync(repoFile('ui/src/app/features/studio/lint/ad-hoc-job-worker-ignores.ts'), 'utf8');
    expect(rule).toContain("import { AD_HOC_JOB_WORKER_RULE } from './lint-messages';");
    expect(source).toContain("[AD_HOC_JOB_WORKER_RULE]: 'warn'");
    const serverSentence = explainLint(AD_HOC_JOB_WORKER_RULE, '', { id: 'X', name: 'Agent', type: 'bpmn:AdHocSubProcess' });
    expect(serverSentence).toBe(
      'The subprocess “Agent” is run by a job worker, which decides what to activate and when it completes: its active elements collection and completion condition are never evaluated.',
    );
  });
});
