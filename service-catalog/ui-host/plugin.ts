import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from '@hapi/hapi';

/**
 * Serves the built Angular app at `/`. Any other GET that is not an API route falls back to
 * index.html so the app's own routes survive a reload.
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
        if (!built) {
          return h
            .response(`<!doctype html><title>Flowdesk</title><p>The UI is not built. Run <code>npm run build:ui</code>; the API is at <a href="/documentation">/documentation</a>.</p>`)
            .type('text/html')
            .code(503);
        }
        const path = String(request.params.path ?? '');
        const file = path && !path.includes('..') && existsSync(join(uiDir, path)) ? path : 'index.html';
        return h.file(join(uiDir, file), { confine: uiDir });
      },
    });
  },
};
