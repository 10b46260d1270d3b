import { readFileSync } from 'node:fs';
import { repoFile } from '../support/repo-root';
import { TestSystem } from '../support/test-system';
import { AWAITING_MERGE, ROUTE_SCREENS } from './route-screens';

/** The UI's routes, as app.routes.ts declares them (`path: 'admin/groups'`). */
function uiRoutes(): Set<string> {
  const source = readFileSync(repoFile('ui', 'src', 'app', 'app.routes.ts'), 'utf8');
  return new Set([...source.matchAll(/\bpath:\s*'([^']*)'/g)].map((m) => m[1]!));
}

/**
 * Issue 23: every API capability a person uses has a screen. Every route that manages data (each
 * method but GET) must be in route-screens.ts, mapped to the UI route that covers it or to why not.
 */
describe('every data-managing API route has a screen or a stated reason', () => {
  let system: TestSystem;
  let keys: string[];

  beforeAll(async () => {
    system = await TestSystem.start();
    keys = system.server
      .table()
      .filter((r) => r.method !== 'get')
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('lists every route that changes data', () => {
    expect(keys.filter((key) => !(key in ROUTE_SCREENS))).toEqual([]);
  });

  it('lists no route the server does not have', () => {
    expect(Object.keys(ROUTE_SCREENS).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('maps to screens the UI has (or that a branch awaiting merge adds)', () => {
    const ui = uiRoutes();
    const unknown = Object.entries(ROUTE_SCREENS).flatMap(([key, c]) =>
      'screen' in c && !ui.has(c.screen) && !AWAITING_MERGE.has(c.screen) ? [`${key} → ${c.screen}`] : [],
    );
    expect(unknown).toEqual([]);
  });

  it('keeps a screen awaiting merge only until it is merged', () => {
    const ui = uiRoutes();
    expect([...AWAITING_MERGE].filter((screen) => ui.has(screen))).toEqual([]);
  });

  it('gives every route without a screen a reason in words', () => {
    const blank = Object.entries(ROUTE_SCREENS).flatMap(([key, c]) =>
      ('machine' in c && c.machine.trim().length < 10) || ('gap' in c && c.gap.trim().length < 10) ? [key] : [],
    );
    expect(blank).toEqual([]);
  });
});
