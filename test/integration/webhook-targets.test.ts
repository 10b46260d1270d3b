import { TestSystem } from '../support/test-system';

/**
 * Issue 22's bad input for webhooks, with the API configured as in production (private targets refused):
 * a URL that is not http(s), that carries credentials, or that points at this system, a loopback, private
 * or link-local address (the cloud metadata endpoint among them) is a 422 naming `payload.url`, and
 * nothing is stored; a public address is taken.
 */
describe('webhook targets in production mode', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ webhookPrivateTargets: 'refuse' });
  });
  afterAll(async () => {
    await system?.close();
  });

  const post = (url: string) =>
    system.injectAs('admin', {
      method: 'POST',
      url: '/webhooks',
      payload: { name: `target ${url}`, url, organizationId: null, eventTypes: ['ticket.created'] },
    });
  const stored = async () =>
    ((await system.injectAs('admin', { method: 'GET', url: '/webhooks' })).result as { items: Array<{ url: string }> }).items;

  it.each([
    ['the cloud metadata endpoint', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['a private network', 'https://10.1.2.3/hook'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['this system by name', 'http://localhost:3000/hook'],
    ['a scheme that is not http(s)', 'file:///etc/passwd'],
    ['credentials in the URL', 'https://user:secret@203.0.113.10/hook'],
  ])('refuses %s with 422 naming payload.url, storing nothing', async (_what, url) => {
    const res = await post(url);
    expect(res.statusCode).toBe(422);
    expect((res.result as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['payload.url']);
    expect((await stored()).some((w) => w.url === url)).toBe(false);
  });

  it('takes a public address', async () => {
    const url = 'https://203.0.113.10/hooks/flowdesk';
    const res = await post(url);
    expect(res.statusCode).toBe(201);
    expect((await stored()).some((w) => w.url === url)).toBe(true);
  });
});
