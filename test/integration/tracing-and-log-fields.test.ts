import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '../../service-catalog/observability/tracing';
import { eventually } from '../support/eventually';
import { repoFile } from '../support/repo-root';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

/**
 * Issue 21: one trace from the API request that raises an incident, through the Temporal client's
 * start, the interpreter workflow, to the activity that routes the ticket to its queue — on the real
 * Temporal server, spans caught by an in-memory exporter; and the request's log line carries the
 * request id, the ticket number and the trace id.
 */
describe('tracing from the API through the workflow to the activity', () => {
  const spans = new InMemorySpanExporter();
  const lines: Array<Record<string, unknown>> = [];
  const tag = randomUUID().slice(0, 8);
  const processId = `incident_trace_${tag}`;
  const service = `trace-${tag}`;
  let tracing: Tracing;
  let system: TestSystem;

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'flowdesk-test', spanProcessor: new SimpleSpanProcessor(spans) })!;
    system = await TestSystem.start({
      ticketProcessIds: { incident: processId },
      listen: true,
      uiDir: mkdtempSync(join(tmpdir(), 'flowdesk-trace-ui-')),
      tracing,
      logTo: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    await offerService(system, service);
    const as = (url: string, payload: object) => system.injectAs('marta', { method: 'POST', url, payload });
    expect(
      (await as('/decision-definitions', { xml: readFileSync(repoFile('workflows/decisions/priority-matrix.dmn'), 'utf8') })).statusCode,
    ).toBeLessThan(300);
    const xml = readFileSync(repoFile('workflows/processes/incident.bpmn'), 'utf8').replace(/"incident"/g, `"${processId}"`);
    expect((await as('/process-definitions', { xml })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
    await tracing?.shutdown();
  });

  it('carries one trace id from the request span to the activity span of an incident', async () => {
    const token = await system.tokenFor('rita');
    const res = await fetch(new URL('/tickets', system.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'incident', title: `Traced ${tag}`, description: 'details', impact: 'low', urgency: 'high', service }),
    });
    expect(res.status).toBe(201);
    const { number } = (await res.json()) as { number: string };

    const request = await eventually(() => {
      const found = spans.getFinishedSpans().find((s) => s.name === 'POST /tickets' && s.attributes['flowdesk.ticket_number'] === number);
      if (!found) throw new Error('no request span yet');
      return found;
    });
    const traceId = request.spanContext().traceId;
    const inTrace = () => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    // The incident's first activity (the audit entry of its creation) runs in the request's trace.
    const audited = await eventually(() => {
      const found = inTrace().find((s) => s.name === 'RunActivity:audit');
      if (!found)
        throw new Error(
          `no audit activity in the trace yet; have ${inTrace()
            .map((s) => s.name)
            .join(', ')}`,
        );
      return found;
    }, 90_000);
    const byName = (name: string) => inTrace().find((s) => s.name === name);
    // The links: request → client start → (workflow run, exported when it ends) → schedule → activity.
    expect(byName('StartWorkflow:bpmnProcess')?.parentSpanId).toBe(request.spanContext().spanId);
    // The workflow's spans leave through its sink a workflow task later than the activity's own.
    await eventually(() => expect(audited.parentSpanId).toBe(byName('StartActivity:audit')?.spanContext().spanId));
    expect(audited.attributes).toMatchObject({ temporalWorkflowId: expect.any(String) });
    console.log(
      `trace ${traceId}: ${inTrace()
        .map((s) => s.name)
        .join(', ')}`,
    );

    // The request's own log line names it, its ticket and its trace.
    const answered = lines.find((l) => l.msg === 'request answered' && l.route === '/tickets' && l.ticketNumber === number);
    expect(answered).toMatchObject({ method: 'POST', statusCode: 201, traceId, requestId: expect.any(String) });
    // Every line logged inside that request carries its id (the setup's injected requests bypass the listener).
    const ofRequest = lines.filter((l) => l.traceId === traceId);
    expect(ofRequest.length).toBeGreaterThan(0);
    expect(ofRequest.every((l) => l.requestId === answered!.requestId && l.ticketNumber === number)).toBe(true);
  }, 120_000);
});
