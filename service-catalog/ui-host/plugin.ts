import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Boom from '@hapi/boom';
import type { Plugin } from '@hapi/hapi';

/**
 * The first path segments the Angular app routes (ui/src/app/app.routes.ts). A reload of one of them
 * must reach the app; every other unknown path answers 404 JSON like the API, so a mistyped API call
 * (`/tickets-x`, `/api/…`, `/process-instances/x/y/z`) never gets a 200 HTML page back.
 */
export const UI_ROUTE_ROOTS = ['login', 'desk', 'portal', 'processes', 'dashboards', 'tech', 'admin', 'profile'];

/**
 * Serves the built Angular app at `/`: its files as they are, and index.html for `/` and the app's own
 * routes so they survive a reload.
 */
export const uiHostPlugin: Plugin<{ uiDir: string }> = {
  name: 'flowdesk-ui-host',
  dependencies: ['@hapi/inert'],
  register(server, { uiDir }) {
    const built = existsSync(join(uiDir, 'index.html'));
    server.route({
      method: 'GET',
      path: '/{path*}',
      options: { auth: false, tags: ['ui'] },
      handler(request, h) {
        const path = String(request.params.path ?? '');
        if (path && !path.includes('..') && isFile(join(uiDir, path))) return h.file(join(uiDir, path), { confine: uiDir });
        if (!isAppRoute(path)) throw Boom.notFound(`no route GET /${path}`);
        if (!built) {
          return h
            .response(
              `<!doctype html><title>Flowdesk</title><p>The UI is not built. Run <code>npm run build:ui</code>; the API is at <a href="/documentation">/documentation</a>.</p>`,
            )
            .type('text/html')
            .code(503);
        }
        return h.file(join(uiDir, 'index.html'), { confine: uiDir });
      },
    });
  },
};

function isAppRoute(path: string): boolean {
  return path === '' || UI_ROUTE_ROOTS.includes(path.split('/')[0]!);
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
