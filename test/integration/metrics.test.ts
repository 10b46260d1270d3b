import { randomUUID } from 'node:crypto';
import { TestSystem } from '../support/test-system';

const TOKEN = `metrics-${randomUUID()}`;

/** `GET /metrics` (issue 21, docs/observability.md): the documented series, after traffic, behind its token. */
describe('the metrics endpoint', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ metricsToken: TOKEN });
  });
  afterAll(async () => {
    await system?.close();
  });

  const scrape = async () => {
    const res = await system.server.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.payload;
  };

  it('refuses a scraper without the token, and one with another', async () => {
    expect((await system.server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await system.server.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('exposes latency and errors by route template, and the desk gauges, after traffic', async () => {
    const title = `Metrics ${randomUUID()}`;
    const created = await system.injectAs('tomas', {
      method: 'POST',
      url: '/tickets',
      payload: { title, description: 'x', priority: 'P2' },
    });
    expect(created.statusCode).toBe(201);
    const number = (created.result as { number: string }).number;
    expect((await system.injectAs('tomas', { method: 'GET', url: `/tickets/${number}` })).statusCode).toBe(200);
    expect((await system.injectAs('tomas', { method: 'GET', url: '/tickets/INC9999999' })).statusCode).toBe(404);

    const text = await scrape();
    // The template, never the ticket number: the label's values stay few.
    expect(text).toMatch(/flowdesk_http_request_duration_seconds_count\{method="POST",route="\/tickets",status="201"\} [1-9]/);
    expect(text).toMatch(
      /flowdesk_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/tickets\/\{number\}",status="200"\} \d+/,
    );
    expect(text).toMatch(/flowdesk_http_errors_total\{method="GET",route="\/tickets\/\{number\}",status="404"\} [1-9]/);
    expect(text).not.toContain(number);
    const open = /flowdesk_open_tickets\{type="incident",state="(\w+)",priority="P2"\} (\d+)/.exec(text);
    expect(Number(open?.[2])).toBeGreaterThanOrEqual(1);
    for (const series of [
      'flowdesk_sla_breached_open_tickets',
      'flowdesk_process_incidents_open',
      'flowdesk_process_instances_with_incidents',
      'flowdesk_nodejs_eventloop_lag_seconds',
      'flowdesk_process_resident_memory_bytes',
    ])
      expect(text).toContain(`# TYPE ${series} `);
    expect(text).toMatch(/^flowdesk_process_incidents_open \d+$/m);
  });

  it('names no organisation, user or title in any series', async () => {
    const text = await scrape();
    expect(text).not.toMatch(/organi[sz]ation|user(name)?="|title="/);
  });
});
