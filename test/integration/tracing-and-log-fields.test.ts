import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client, Connection } from '@temporalio/client';
import type { Principal } from '../../service-catalog/identity/domain/principal';
import { TicketService, ticketProcesses } from '../../service-catalog/tickets/domain/ticket-service';
import { IN_PROCESS_TASK_TYPES, LOCAL_TASK_TYPES } from '../../workflows/activities';
import { EngineClient } from '../../workflows/client';
import { startTracing, type Tracing } from '../../service-catalog/observability/tracing';
import { eventually } from '../support/eventually';
import { deployIncidentDesk } from '../support/incident-desk';
import { offerService } from '../support/services';
import { TestSystem } from '../support/test-system';

/**
 * Issue 21: one trace from the API request that raises an incident, through the Temporal client's
 * start, the interpreter workflow, to every activity of the chain that routes the ticket to its queue (audit,
 * priority decision, SLA clock, routing, ticket updates, projection) — on the real
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
    // The whole desk (priority matrix, calendar, SLA policy, the incident diagram), so the first chain runs to the queue.
    await deployIncidentDesk(system, { tag, processId, service });
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
      // Categorised, so the whole first chain runs: audit, the priority decision, the SLA clock, routing.
      body: JSON.stringify({
        type: 'incident',
        title: `Traced ${tag}`,
        description: 'details',
        category: 'hardware',
        impact: 'low',
        urgency: 'high',
        service,
      }),
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
    // Not only the first activity: every step of the chain that puts the incident in its queue is in
    // the same trace, each under the workflow's own start of it.
    for (const type of ['sla-deadlines', 'ticket-route', 'ticket-update', 'projectProcessInstance']) {
      const run = await eventually(() => {
        const found = byName(`RunActivity:${type}`);
        if (!found)
          throw new Error(
            `no ${type} activity in the trace; have ${inTrace()
              .map((s) => s.name)
              .join(', ')}`,
          );
        return found;
      }, 60_000);
      await eventually(
        () => expect([type, run.parentSpanId]).toEqual([type, byName(`StartActivity:${type}`)?.spanContext().spanId]),
        30_000,
      );
    }
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

  it('leaves a run started without a trace context untraced: no workflow span, its activities are roots', async () => {
    // A start that carries no trace context, as a Temporal Schedule's or the CLI's: a client without the
    // tracing interceptor, the same ticket service the API uses.
    const connection = await Connection.connect({ address: process.env.FLOWDESK_TEST_TEMPORAL_ADDRESS! });
    try {
      const untraced = new EngineClient(new Client({ connection }), system.taskQueue, {
        localTaskTypes: LOCAL_TASK_TYPES,
        inProcessTaskTypes: IN_PROCESS_TASK_TYPES,
      });
      const rita = (await system.injectAs('rita', { method: 'GET', url: '/me' })).result as { id: string; organizationId: string | null };
      const principal: Principal = {
        userId: rita.id,
        username: 'rita',
        displayName: 'Rita',
        roles: ['requester'],
        organizationId: rita.organizationId ?? null,
        servedOrganizationIds: [],
        groupKeys: [],
        via: 'jwt',
      };
      const { ticket } = await new TicketService(system.adminEm(), ticketProcesses(untraced, { incident: processId })).create(
        principal,
        {
          type: 'incident',
          title: `Untraced ${tag}`,
          description: 'details',
          category: 'hardware',
          impact: 'low',
          urgency: 'high',
          service,
        },
        `untraced-${tag}`,
      );
      const instanceId = ticket.processInstanceId!;
      const ofInstance = () =>
        spans.getFinishedSpans().filter((s) => s.name.startsWith('RunActivity:') && s.attributes.temporalWorkflowId === instanceId);
      // Its chain runs to the queue as any incident's, each activity in a span of its own.
      const runs = await eventually(() => {
        const found = ofInstance();
        if (!found.some((s) => s.name === 'RunActivity:ticket-route'))
          throw new Error(`no routing activity yet; have ${found.map((s) => s.name).join(', ')}`);
        return found;
      }, 90_000);
      expect(runs.map((s) => [s.name, s.parentSpanId])).toEqual(runs.map((s) => [s.name, undefined]));
      // Nothing of the workflow's own: no run, no scheduling span in any of those activities' traces.
      const traces = new Set(runs.map((s) => s.spanContext().traceId));
      const workflowSpans = spans
        .getFinishedSpans()
        .filter((s) => traces.has(s.spanContext().traceId) && !s.name.startsWith('RunActivity:'))
        .map((s) => s.name);
      expect(workflowSpans).toEqual([]);
    } finally {
      await connection.close();
    }
  }, 120_000);
});
