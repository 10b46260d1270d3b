import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { repoFile, repoRoot } from '../support/repo-root';

/** Past this a file is split, or says in its first line why it stays whole (issue 15). */
const MAX_LINES = 300;
const REASON = /^\/\/ Over 300 lines because \S/;

describe('source file length', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && !f.includes('node_modules/'));

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('keeps every file to 300 lines, or states why in its first line', () => {
    const unexplained = files.filter((f) => {
      const text = readFileSync(repoFile(f), 'utf8');
      return text.replace(/\n$/, '').split('\n').length > MAX_LINES && !REASON.test(text);
    });
    expect(unexplained).toEqual([]);
  });
});
