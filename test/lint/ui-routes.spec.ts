import { readFileSync } from 'node:fs';
import { REDIRECT_ROUTES, UI_ROUTES } from '../support/ui-routes';
import { repoFile } from '../support/repo-root';

/** Every `path: '…'` of the app's route table, in order. */
function routePaths(): string[] {
  const source = readFileSync(repoFile('ui/src/app/app.routes.ts'), 'utf8');
  return [...source.matchAll(/\bpath:\s*'([^']*)'/g)].map((m) => m[1]!);
}

describe('the UI route list of the accessibility check', () => {
  it('reads the route table (guards the parser: a table it cannot read would pass everything)', () => {
    expect(routePaths()).toEqual(expect.arrayContaining(['login', 'desk', 'portal/new', 'admin/users', '**']));
  });

  it('lists every route of app.routes.ts with its persona, and nothing that is no route', () => {
    const table = routePaths();
    const listed = [...UI_ROUTES.map((r) => r.path), ...REDIRECT_ROUTES];
    expect(table.filter((path) => !listed.includes(path))).toEqual([]);
    expect(listed.filter((path) => !table.includes(path))).toEqual([]);
  });

  it('names each route once', () => {
    const paths = UI_ROUTES.map((r) => r.path);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
  });
});
