/**
 * The README and docs/ name files and folders by path so that a newcomer can open them. A move that forgets the
 * docs leaves them pointing at nothing; this spec names every such path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { repoFile } from '../support/repo-root';

const ROOMS = ['engine', 'workflows', 'service-catalog', 'migrations', 'ui', 'test', 'bench', 'scripts', 'docs', 'types'];
const PATH = new RegExp(`^(${ROOMS.join('|')})/[\\w./-]*$`);

function documents(): string[] {
  return [
    'README.md',
    'ui/README.md',
    ...readdirSync(repoFile('docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

/**
 * Backticked repository paths: `engine/runtime/interpreter.ts`, `workflows/client/`. Globs, patterns and build
 * output (`ui/dist/`, which a fresh clone does not have) are left out.
 */
function namedPaths(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]).filter((p) => PATH.test(p) && !p.split('/').includes('dist'));
}

describe('paths named in the docs', () => {
  it.each(documents())('%s names only paths that exist', (doc) => {
    const named = namedPaths(readFileSync(repoFile(doc), 'utf8'));
    const missing = named.filter((p) => !existsSync(repoFile(p)));
    expect(missing).toEqual([]);
  });

  it('finds the paths it checks', () => {
    // Guards the spec itself: a pattern that matched nothing would pass every document.
    expect(namedPaths(readFileSync(repoFile('docs/architecture.md'), 'utf8'))).toContain('engine/runtime/interpreter.ts');
  });
});
