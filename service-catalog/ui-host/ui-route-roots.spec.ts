import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UI_ROUTE_ROOTS } from './plugin';

describe('UI_ROUTE_ROOTS', () => {
  it('names exactly the first path segments the Angular app routes, so a reload of each reaches the app', () => {
    const routes = readFileSync(join(__dirname, '../../ui/src/app/app.routes.ts'), 'utf8');
    const roots = new Set(
      [...routes.matchAll(/\bpath:\s*'([^']*)'/g)].map((m) => m[1]!.split('/')[0]!).filter((root) => root && root !== '**'),
    );
    expect([...roots].sort()).toEqual([...UI_ROUTE_ROOTS].sort());
  });
});
