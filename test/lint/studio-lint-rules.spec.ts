import { readFileSync } from 'node:fs';
import { RECOMMENDED_RULES } from '../../engine/compiler/lint-definitions';
import { LINT_SENTENCES, UNASSIGNED_USER_TASK_RULE } from '../../engine/compiler/lint-messages';
import { repoFile } from '../support/repo-root';

/**
 * The studio's live lint (ui/src/app/features/studio/lint) runs the rules the server lints a deploy
 * with: bpmnlint's recommended set from the same bpmnlint release, every rule of it bundled, and
 * Flowdesk's own check. The UI cannot import the engine (import boundaries), so this spec holds the two
 * to one source: the bpmnlint package's own recommended config, at one pinned version.
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

  it('adds Flowdesk’s unassigned user task check under the server’s rule id and words', () => {
    const rule = readFileSync(repoFile('ui/src/app/features/studio/lint/unassigned-user-task.ts'), 'utf8');
    expect(rule).toContain(`'${UNASSIGNED_USER_TASK_RULE}'`);
    const serverSentence = LINT_SENTENCES[UNASSIGNED_USER_TASK_RULE]!({ the: 'the task “X”', The: 'The task “X”', kind: 'task' }, '');
    expect(serverSentence).toBe('Nobody will see the task “X”: it has no assignee, candidate group or candidate user.');
    expect(rule).toContain('it has no assignee, candidate group or candidate user.');
  });
});
