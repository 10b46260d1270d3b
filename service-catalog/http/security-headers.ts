import Boom from '@hapi/boom';
import type { Plugin, Request, RouteOptionsSecureObject } from '@hapi/hapi';

/**
 * hapi's own security headers, for every route: `X-Frame-Options: DENY`, `X-Content-Type-Options:
 * nosniff`, `Referrer-Policy: no-referrer` (ticket numbers are in UI paths; no other site needs them),
 * `X-XSS-Protection: 0` (the old filter did more harm than good), `X-Download-Options: noopen`. HSTS is
 * left to whoever terminates TLS in front of Flowdesk, which serves plain HTTP itself.
 */
export const ROUTE_SECURITY: RouteOptionsSecureObject = {
  hsts: false,
  xframe: 'deny',
  xss: 'disabled',
  noOpen: true,
  noSniff: true,
  referrer: 'no-referrer',
};

/**
 * The UI's policy, checked by loading the studio (bpmn-js), the desk and the portal in chromium with
 * it on (test/e2e/content-security-policy.test.ts): scripts only from here, no eval. Inline styles are
 * needed: Angular inserts component styles as <style> elements and bpmn-js sets style attributes (a
 * run with `style-src 'self'` logged both). The bpmn icon font is a data: URI in the stylesheet, and
 * the properties panel's and bpmn-js's small icons are data: SVG images.
 */
export const UI_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The API docs page (hapi-swagger) starts swagger-ui with an inline script it renders from its options. */
export const DOCS_POLICY = UI_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

/** Anything that is not a page (JSON, scripts, styles, images) may load nothing and be framed nowhere. */
export const NON_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * A worker runs under the policy its script came with. The technician app's service worker
 * (ngsw-worker.js, scope /tech/) fetches the app's files and its manifest from here to cache them, and
 * passes the app's own requests on: it needs `connect-src 'self'` and nothing more.
 */
export const WORKER_POLICY = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'";
const WORKER_SCRIPTS = ['/ngsw-worker.js', '/safety-worker.js'];

const DOCS_PATHS = ['/documentation', '/swaggerui/'];

/**
 * Adds `Content-Security-Policy` to every response that has none of its own (an attachment download
 * sets a stricter one), and `Cache-Control: no-store` to every response a browser or proxy must not
 * keep: anything for a signed-in caller or from a route that needs one (tickets, users, /me, audit…:
 * all personal or tenant data), and every /auth/* answer (tokens). Public answers (health, docs, the
 * UI's files) keep hapi's caching. Registered before the error mapping, which keeps these headers
 * when it turns an error into its HTTP refusal (hapi runs no onPreResponse step after one that
 * answers with an error).
 */
export const securityHeadersPlugin: Plugin<void> = {
  name: 'flowdesk-security-headers',
  register(server) {
    server.ext('onPreResponse', (request, h) => {
      const response = request.response;
      const headers = Boom.isBoom(response) ? response.output.headers : response.headers;
      const set = (name: string, value: string) => {
        if (headers[name] !== undefined) return;
        if (Boom.isBoom(response)) response.output.headers[name] = value;
        else response.header(name, value);
      };
      // hapi's response knows its type (a view, a file, JSON) before it writes the header itself.
      const type = Boom.isBoom(response) ? 'application/json' : ((response as unknown as { contentType: string | null }).contentType ?? '');
      set('content-security-policy', policyFor(request, type));
      if (isPrivate(request)) set('cache-control', 'no-store');
      return h.continue;
    });
  },
};

function policyFor(request: Request, contentType: string): string {
  // The docs page is a view, whose type is only known when it renders.
  if (DOCS_PATHS.some((p) => request.path.startsWith(p))) return DOCS_POLICY;
  if (WORKER_SCRIPTS.includes(request.path)) return WORKER_POLICY;
  return contentType.startsWith('text/html') ? UI_POLICY : NON_PAGE_POLICY;
}

function isPrivate(request: Request): boolean {
  return request.auth.isAuthenticated || request.auth.mode === 'required' || request.path.startsWith('/auth/');
}
