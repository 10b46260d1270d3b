import { randomUUID } from 'node:crypto';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { IN_PROCESS_TASK_TYPES } from '../../workflows/activities';
import { eventually } from '../support/eventually';
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

  it('counts jobs waiting for an external worker per type, and one fewer once a worker takes one', async () => {
    const type = `metrics-job-${randomUUID().slice(0, 8)}`;
    const processId = `metrics_jobs_${type.slice(-8)}`;
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" /><bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e" />${flow('f0', 's', 'work')}${flow('f1', 'work', 'e')}`,
      processId,
    );
    expect((await system.injectAs('marta', { method: 'POST', url: '/process-definitions', payload: { xml } })).statusCode).toBe(201);
    for (let i = 0; i < 2; i++)
      expect((await system.injectAs('marta', { method: 'POST', url: '/process-instances', payload: { processId } })).statusCode).toBe(201);
    const waiting = (text: string) => Number(new RegExp(`^flowdesk_jobs_waiting\\{type="${type}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    // Temporal's backlog figure is approximate and refreshed by the server: read until it settles.
    await eventually(async () => expect(waiting(await scrape())).toBe(2), 60_000, 1000);
    const taken = await system.injectAs('marta', {
      method: 'POST',
      url: '/v2/jobs/activation',
      payload: { type, worker: 'metrics-test', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 10_000 },
    });
    expect((taken.result as { jobs: unknown[] }).jobs).toHaveLength(1);
    await eventually(async () => expect(waiting(await scrape())).toBe(1), 60_000, 1000);
    // A type our own worker serves is no job, and never a series.
    const text = await scrape();
    expect(IN_PROCESS_TASK_TYPES.filter((t) => text.includes(`flowdesk_jobs_waiting{type="${t}"}`))).toEqual([]);
  }, 180_000);

  it('names no organisation, user or title in any series', async () => {
    const text = await scrape();
    expect(text).not.toMatch(/organi[sz]ation|user(name)?="|title="/);
  });
});
