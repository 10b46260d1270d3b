import { timingSafeEqual } from 'node:crypto';
import Boom from '@hapi/boom';
import type { Plugin, Request } from '@hapi/hapi';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Orm } from '../db/orm';
import { registerDomainGauges } from './domain-gauges';
import { registerJobsWaitingGauge, type JobBacklog } from './jobs-waiting-gauge';

export interface MetricsOptions {
  orm: Orm;
  /** The bearer token a scraper sends; unset, `/metrics` answers 404 as if it did not exist. */
  token?: string;
  /** Where jobs for external workers wait (Temporal), and the task types the worker serves itself. */
  jobs?: { backlog: JobBacklog; servedTaskTypes: readonly string[] | undefined };
}

/**
 * `GET /metrics`, Prometheus text (prom-client): request latency and errors by route, the process's own
 * figures (event loop lag, heap, GC) and the desk's gauges (domain-gauges.ts). Each server has its own
 * registry, so two servers in one process (the tests) never count each other's requests. The route
 * template (`/tickets/{number}`), never the path, is the label: its values stay few.
 */
export const metricsPlugin: Plugin<MetricsOptions> = {
  name: 'flowdesk-metrics',
  register(server, { orm, token, jobs }) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'flowdesk_' });
    const duration = new Histogram({
      name: 'flowdesk_http_request_duration_seconds',
      help: 'API request latency by method, route template and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const errors = new Counter({
      name: 'flowdesk_http_errors_total',
      help: 'API responses with a 4xx or 5xx status, by method, route template and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    // Admission control (http/admission.ts): how full the gate is when scraped; its refusals are the 503s above.
    const gate = () => server.plugins['flowdesk-admission']?.gate;
    new Gauge({
      name: 'flowdesk_http_requests_in_flight',
      help: 'API requests admitted and not yet answered (event streams and long polls excepted)',
      registers: [registry],
      collect() {
        this.set(gate()?.busy ?? 0);
      },
    });
    new Gauge({
      name: 'flowdesk_http_requests_queued',
      help: 'API requests waiting for a place under admission control',
      registers: [registry],
      collect() {
        this.set(gate()?.queued ?? 0);
      },
    });
    const refreshDomainGauges = registerDomainGauges(registry, orm);
    const refreshJobsWaiting = jobs ? registerJobsWaitingGauge(registry, orm, jobs.backlog, jobs.servedTaskTypes) : async () => undefined;

    server.events.on('response', (request: Request) => {
      const response = request.response as { statusCode?: number; output?: { statusCode: number } } | null;
      const status = response?.statusCode ?? response?.output?.statusCode ?? 0;
      // A request the client gave up on has no status; it is neither latency nor an error of ours.
      if (!status || request.route.path === '/metrics') return;
      const labels = { method: request.method.toUpperCase(), route: request.route.path, status: String(status) };
      duration.observe(labels, (request.info.responded - request.info.received) / 1000);
      if (status >= 400) errors.inc(labels);
    });

    const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
    server.route({
      method: 'GET',
      path: '/metrics',
      options: {
        // Operators read it most when the API is saturated.
        plugins: { admission: 'exempt' },
        // Not a user's route: a scraper sends the METRICS_TOKEN (docs/observability.md), not a session.
        auth: false,
        tags: ['metrics'],
        description: 'Prometheus metrics (bearer METRICS_TOKEN); 404 when no token is configured',
      },
      async handler(request, h) {
        if (!expected) throw Boom.notFound();
        const sent = Buffer.from(String(request.headers.authorization ?? ''));
        if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
          throw Boom.unauthorized('send the configured METRICS_TOKEN as "Authorization: Bearer <token>"', 'Bearer');
        await Promise.all([refreshDomainGauges(), refreshJobsWaiting()]);
        return h.response(await registry.metrics()).type(registry.contentType);
      },
    });
  },
};
