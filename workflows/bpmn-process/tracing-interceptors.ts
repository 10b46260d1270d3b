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
import type * as OtelWorkflow from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { patched, type Headers, type WorkflowInterceptors } from '@temporalio/workflow';

export const TRACING_PATCH = 'otel-tracing';
export const TRACED_STARTS_PATCH = 'otel-traced-starts';
/**
 * The header the API's client interceptor puts the trace context in (the library's `TRACE_HEADER`,
 * which tracing-interceptors.spec.ts keeps equal): written out so an untraced run loads none of it.
 */
export const TRACE_HEADER = '_tracer-data';

/**
 * The SDK's workflow interceptors, loaded by the first run that traces. Temporal's reusable context
 * evaluates a workflow's modules afresh for each run, and evaluating the OpenTelemetry SDK they bring
 * took 10.7% of the workflow thread's time in a scale-out profile (bench:scaleout), tracing off.
 */
interface Otel {
  inbound: OtelWorkflow.OpenTelemetryInboundInterceptor;
  outbound: OtelWorkflow.OpenTelemetryOutboundInterceptor;
  internals: OtelWorkflow.OpenTelemetryInternalsInterceptor;
}
function loadOtel(): Otel {
  // A call-time require, not an import: the module is evaluated only when a run traces (see above).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('@temporalio/interceptors-opentelemetry/lib/workflow') as typeof OtelWorkflow;
  return {
    inbound: new lib.OpenTelemetryInboundInterceptor(),
    outbound: new lib.OpenTelemetryOutboundInterceptor(),
    internals: new lib.OpenTelemetryInternalsInterceptor(),
  };
}

export const interceptors = (): WorkflowInterceptors => {
  let traced: boolean | undefined;
  let startHeaders: Headers | undefined;
  let otel: Otel | undefined;
  const decide = () => (traced ??= patched(TRACING_PATCH) && (!patched(TRACED_STARTS_PATCH) || startHeaders?.[TRACE_HEADER] !== undefined));
  const lib = () => (otel ??= loadOtel());
  return {
    inbound: [
      {
        execute: (input, next) => {
          startHeaders = input.headers;
          return decide() ? lib().inbound.execute(input, next) : next(input);
        },
        handleSignal: (input, next) => (decide() ? lib().inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => (decide() ? lib().inbound.handleUpdate(input, next) : next(input)),
        validateUpdate: (input, next) => (traced === true ? lib().inbound.validateUpdate(input, next) : next(input)),
        handleQuery: (input, next) => (traced === true ? lib().inbound.handleQuery(input, next) : next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (decide() ? lib().outbound.scheduleActivity(input, next) : next(input)),
        scheduleLocalActivity: (input, next) => (decide() ? lib().outbound.scheduleLocalActivity(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) => (decide() ? lib().outbound.startChildWorkflowExecution(input, next) : next(input)),
        continueAsNew: (input, next) => (decide() ? lib().outbound.continueAsNew(input, next) : next(input)),
        signalWorkflow: (input, next) => (decide() ? lib().outbound.signalWorkflow(input, next) : next(input)),
        getLogAttributes: (input, next) => (traced === true ? lib().outbound.getLogAttributes(input, next) : next(input)),
      },
    ],
    // Only a run that loaded the library has its context manager to release.
    internals: [{ dispose: (input, next) => (otel ? otel.internals.dispose(input, next) : next(input)) }],
  };
};
