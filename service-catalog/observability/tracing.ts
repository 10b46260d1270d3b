import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import * as otel from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Server } from '@hapi/hapi';
import type { ClientInterceptors } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { Logger } from '../logger';
import { currentLogFields, withLogFields } from './log-context';

/** The tracing of one process: spans of the API, the Temporal client, workflows and activities go to `spanProcessor`. */
export interface Tracing {
  readonly tracer: otel.Tracer;
  readonly resource: Resource;
  readonly spanProcessor: SpanProcessor;
  /** Sends what is still buffered; call last when the process stops. */
  shutdown(): Promise<void>;
}

let registered = false;

/**
 * Tracing for a process (`api`, `worker`, `mail`, all-in-one): to the OTLP/HTTP collector at `endpoint`
 * (config `OTEL_EXPORTER_OTLP_ENDPOINT`), or to a given span processor (tests: an in-memory exporter).
 * Neither: no tracing (undefined), and nothing of OpenTelemetry is registered. Registers the context
 * manager and the W3C propagator globally (the Temporal interceptors inject and extract through them),
 * so only once per process.
 */
export function startTracing(opts: { serviceName: string; endpoint?: string; spanProcessor?: SpanProcessor }): Tracing | undefined {
  const spanProcessor =
    opts.spanProcessor ??
    (opts.endpoint
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL('v1/traces', withSlash(opts.endpoint)).href }))
      : undefined);
  if (!spanProcessor) return undefined;
  if (registered) throw new Error('tracing is already set up in this process');
  registered = true;
  const resource = new Resource({ 'service.name': opts.serviceName });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable(), propagator: new W3CTraceContextPropagator() });
  return { tracer: provider.getTracer('flowdesk'), resource, spanProcessor, shutdown: () => provider.shutdown() };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Runs each HTTP request the server's listener takes inside its own log fields (`requestId`, later
 * `ticketNumber`) and, with tracing, inside a server span (parented on a `traceparent` header), so the
 * Temporal calls the request makes carry the span to the workflow. At the listener, because hapi's
 * request lifecycle, handler and everything they await then inherit the context; `server.inject`
 * (tests) bypasses the listener and carries neither. With `log`, each answer is a debug line (method,
 * route, status) carrying those fields. Call before `server.start()`.
 */
export function traceRequests(server: Server, tracing?: Tracing, log?: Logger): void {
  const listener = server.listener as HttpServer;
  for (const event of ['request', 'checkContinue'] as const) {
    for (const dispatch of listener.listeners(event) as Array<(req: IncomingMessage, res: ServerResponse) => void>) {
      listener.removeListener(event, dispatch);
      listener.on(event, (req: IncomingMessage, res: ServerResponse) => {
        if (!tracing) return withLogFields({}, () => dispatch.call(listener, req, res));
        const parent = otel.propagation.extract(otel.ROOT_CONTEXT, req.headers);
        const span = tracing.tracer.startSpan(
          `${req.method ?? 'HTTP'}`,
          {
            kind: otel.SpanKind.SERVER,
            attributes: { 'http.request.method': req.method ?? '', 'url.path': (req.url ?? '').split('?')[0]! },
          },
          parent,
        );
        res.once('close', () => {
          span.setAttribute('http.response.status_code', res.statusCode);
          if (res.statusCode >= 500) span.setStatus({ code: otel.SpanStatusCode.ERROR });
          span.end();
        });
        const traceId = span.spanContext().traceId;
        withLogFields({ traceId }, () => otel.context.with(otel.trace.setSpan(parent, span), () => dispatch.call(listener, req, res)));
      });
    }
  }
  server.ext('onRequest', (request, h) => {
    const fields = currentLogFields();
    if (fields) fields.requestId = request.info.id;
    otel.trace.getActiveSpan()?.setAttribute('flowdesk.request_id', request.info.id);
    return h.continue;
  });
  // Routed by now: the span takes the route's name, and a route about one ticket names it.
  server.ext('onPreAuth', (request, h) => {
    const span = otel.trace.getActiveSpan();
    span?.updateName(`${request.method.toUpperCase()} ${request.route.path}`);
    span?.setAttribute('http.route', request.route.path);
    const number = request.route.path.startsWith('/tickets/{number}') ? (request.params.number as string | undefined) : undefined;
    if (number) {
      const fields = currentLogFields();
      if (fields) fields.ticketNumber = number;
      span?.setAttribute('flowdesk.ticket_number', number);
    }
    return h.continue;
  });
  if (log)
    server.ext('onPreResponse', (request, h) => {
      const { response } = request;
      const statusCode =
        'isBoom' in response && response.isBoom ? response.output.statusCode : (response as { statusCode?: number }).statusCode;
      log.debug({ method: request.method.toUpperCase(), route: request.route.path, statusCode }, 'request answered');
      return h.continue;
    });
}

/** A Temporal client's interceptors: with tracing, start, signal and update carry the caller's span to the workflow. */
export function tracingClientInterceptors(tracing?: Tracing): ClientInterceptors | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] } : undefined;
}
