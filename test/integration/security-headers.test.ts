import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerInjectResponse } from '@hapi/hapi';
import { DOCS_POLICY, NON_PAGE_POLICY, UI_POLICY } from '../../service-catalog/http/security-headers';
import { UI_ROUTE_ROOTS } from '../../service-catalog/ui-host/plugin';
import { TestSystem } from '../support/test-system';

/**
 * Security headers on the API and the UI, caching of personal data, and which unknown paths get the
 * app's index page (its own routes) and which a 404 JSON (everything that looks like the API).
 */
describe('security headers and the UI fallback', () => {
  let system: TestSystem;
  const uiDir = mkdtempSync(join(tmpdir(), 'flowdesk-ui-'));
  beforeAll(async () => {
    // A stand-in for the built app: an index page and the kinds of static files the build has.
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Flowdesk</title><app-root></app-root>');
    writeFileSync(join(uiDir, 'main-ABC123.js'), 'console.log("app")');
    mkdirSync(join(uiDir, 'media'));
    writeFileSync(join(uiDir, 'media', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    system = await TestSystem.start({ uiDir });
  });
  afterAll(async () => {
    await system?.close();
    rmSync(uiDir, { recursive: true, force: true });
  });

  const get = (url: string) => system.server.inject({ method: 'GET', url });
  const expectHardened = (res: ServerInjectResponse) => {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  };

  it('hardens API answers and keeps personal data out of caches', async () => {
    const tickets = await system.injectAs('tomas', { method: 'GET', url: '/tickets' });
    expect(tickets.statusCode).toBe(200);
    expectHardened(tickets);
    expect(tickets.headers['content-security-policy']).toBe(NON_PAGE_POLICY);
    expect(tickets.headers['cache-control']).toBe('no-store');
    for (const url of ['/me', '/users', '/audit-log']) {
      const res = await system.injectAs('admin', { method: 'GET', url });
      expect({ url, status: res.statusCode, cache: res.headers['cache-control'] }).toEqual({ url, status: 200, cache: 'no-store' });
    }
    // Refusals of a route that needs a sign-in too.
    const anonymous = await get('/tickets');
    expect(anonymous.statusCode).toBe(401);
    expectHardened(anonymous);
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });

  it('never lets a cache keep an auth answer, issued tokens or refused sign-ins alike', async () => {
    const login = await system.server.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'rita', password: 'rita-demo-pass' },
    });
    expect(login.statusCode).toBe(200);
    expectHardened(login);
    expect(login.headers['cache-control']).toBe('no-store');
    const refused = await system.server.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'rita', password: 'wrong-password' },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    const refresh = await system.server.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: (login.result as { refreshToken: string }).refreshToken },
    });
    expect(refresh.statusCode).toBe(200);
    expect(refresh.headers['cache-control']).toBe('no-store');
  });

  it('gives the UI index its page policy, static files and public answers theirs, and caches neither as personal', async () => {
    const index = await get('/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expectHardened(index);
    expect(index.headers['content-security-policy']).toBe(UI_POLICY);
    expect(index.headers['cache-control']).not.toContain('no-store');
    const script = await get('/main-ABC123.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expectHardened(script);
    expect(script.headers['content-security-policy']).toBe(NON_PAGE_POLICY);
    const image = await get('/media/logo.svg');
    expect(image.headers['content-security-policy']).toBe(NON_PAGE_POLICY);
    const health = await get('/health');
    expectHardened(health);
    expect(health.headers['cache-control']).not.toContain('no-store');
    const docs = await get('/documentation');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toBe(DOCS_POLICY);
    expect(docs.headers['x-frame-options']).toBe('DENY');
  });

  it('serves the index page for the app’s own routes, deep links included', async () => {
    for (const url of [
      '/login',
      '/desk',
      '/desk/tickets/INC0000001',
      '/portal',
      '/portal/new',
      '/portal/tickets/INC0000001',
      '/processes',
    ]) {
      const res = await get(url);
      expect({ url, status: res.statusCode, type: res.headers['content-type'] }).toEqual({
        url,
        status: 200,
        type: 'text/html; charset=utf-8',
      });
      expect(res.payload).toContain('<app-root>');
    }
  });

  it('answers 404 JSON, not the index page, for unknown paths that look like the API', async () => {
    const apiRoots = [
      ...new Set(
        system.server
          .table()
          .map((r) => r.path.split('/')[1]!)
          .filter((root) => root && !root.startsWith('{')),
      ),
    ];
    expect(apiRoots).toEqual(expect.arrayContaining(['tickets', 'process-instances', 'auth', 'me']));
    expect(apiRoots.filter((root) => UI_ROUTE_ROOTS.includes(root))).toEqual([]);
    const urls = [
      '/tickets-x',
      '/api/tickets',
      '/api',
      '/process-instances/x/y/z',
      '/tickets/INC0000001/nothing-here',
      '/index.php',
      ...apiRoots.flatMap((root) => [`/${root}/no/such/thing/here/at/all`, `/${root}-x`]),
    ];
    for (const url of urls) {
      const res = await get(url);
      expect({ url, status: res.statusCode, type: res.headers['content-type'] }).toEqual({
        url,
        status: 404,
        type: 'application/json; charset=utf-8',
      });
      expect(res.result).toMatchObject({ statusCode: 404, error: 'Not Found', details: [] });
      expectHardened(res);
    }
  });
});
