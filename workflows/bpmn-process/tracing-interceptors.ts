/**
 * The workflow bundle's interceptors (its `workflowInterceptorModules`): OpenTelemetry spans for the
 * workflow, its signals and updates, and the activities, child workflows and signals it starts, with
 * the trace carried in Temporal headers from the API's request span to the activity's span.
 *
 * Behind `patched()`: the SDK's interceptors add a yield before each activity for histories recorded
 * without them, which reorders an activity against an update's completion — instances that ran without
 * tracing replay without it. The decision is taken once per run, at the first traced call; a query or
 * an update's validator (which may not record a marker) never takes it and is traced only once it is.
 *
 * Since `otel-traced-starts`, only a run whose start carried a trace context (the API's client traces,
 * OTEL_EXPORTER_OTLP_ENDPOINT set) traces: with tracing off every workflow task built spans for a no-op
 * sink, about a tenth of the workflow thread's time in the scale-out profile. The start's headers are in
 * the history, so every worker replays the same decision. A run started without one (a Temporal
 * Schedule, the CLI) is not traced; its activities still are, as roots.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { patched, type Headers, type WorkflowInterceptors } from '@temporalio/workflow';

export const TRACING_PATCH = 'otel-tracing';
export const TRACED_STARTS_PATCH = 'otel-traced-starts';

export const interceptors = (): WorkflowInterceptors => {
  let traced: boolean | undefined;
  let startHeaders: Headers | undefined;
  const decide = () => (traced ??= patched(TRACING_PATCH) && (!patched(TRACED_STARTS_PATCH) || startHeaders?.[TRACE_HEADER] !== undefined));
  const inbound = new OpenTelemetryInboundInterceptor();
  const outbound = new OpenTelemetryOutboundInterceptor();
  return {
    inbound: [
      {
        execute: (input, next) => {
          startHeaders = input.headers;
          return decide() ? inbound.execute(input, next) : next(input);
        },
        handleSignal: (input, next) => (decide() ? inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => (decide() ? inbound.handleUpdate(input, next) : next(input)),
        validateUpdate: (input, next) => (traced === true ? inbound.validateUpdate(input, next) : next(input)),
        handleQuery: (input, next) => (traced === true ? inbound.handleQuery(input, next) : next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (decide() ? outbound.scheduleActivity(input, next) : next(input)),
        scheduleLocalActivity: (input, next) => (decide() ? outbound.scheduleLocalActivity(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) => (decide() ? outbound.startChildWorkflowExecution(input, next) : next(input)),
        continueAsNew: (input, next) => (decide() ? outbound.continueAsNew(input, next) : next(input)),
        signalWorkflow: (input, next) => (decide() ? outbound.signalWorkflow(input, next) : next(input)),
        getLogAttributes: (input, next) => (traced === true ? outbound.getLogAttributes(input, next) : next(input)),
      },
    ],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
