import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityInboundCallsInterceptor, InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { withLogFields } from '../service-catalog/observability/log-context';
import type { Tracing } from '../service-catalog/observability/tracing';

/**
 * The OpenTelemetry workflow interceptors (behind `patched()`: bpmn-process/tracing-interceptors.ts),
 * always in the workflow bundle, tracing on or off, so the code that replays a history is the same
 * whether a worker traces or not. Without a trace context in the headers they make root spans that go
 * to a no-op sink.
 */
export const workflowInterceptorModules = [require.resolve('./bpmn-process/tracing-interceptors')];

/**
 * The worker's interceptors: every activity runs inside its log fields (`workflowId`, `runId`,
 * `activityType`, `ticketNumber` when its input names one) and, with tracing, inside a span whose
 * parent is the workflow's span that scheduled it.
 */
export function workerInterceptors(tracing?: Tracing): NonNullable<WorkerOptions['interceptors']> {
  const options = tracing ? { tracer: tracing.tracer } : {};
  return {
    activity: [
      (ctx: ActivityContext) => ({ inbound: new LogFieldsActivityInterceptor(ctx) }),
      ...(tracing
        ? [
            (ctx: ActivityContext) => ({
              inbound: new OpenTelemetryActivityInboundInterceptor(ctx, options),
              outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
            }),
          ]
        : []),
    ],
    ...(tracing ? { client: { workflow: [new OpenTelemetryWorkflowClientInterceptor(options)] } } : {}),
  };
}

/** The sink the workflow interceptors export their spans through: the tracing's processor, or nowhere. */
export function workerSinks(tracing?: Tracing): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  return {
    exporter: makeWorkflowExporter(tracing?.spanProcessor ?? new NoopSpanProcessor(), tracing?.resource ?? Resource.empty()),
  };
}

class LogFieldsActivityInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  execute(
    input: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[0],
    next: Parameters<NonNullable<ActivityInboundCallsInterceptor['execute']>>[1],
  ) {
    const { info } = this.ctx;
    const ticketNumber = ticketNumberOf(input.args[0]);
    return withLogFields(
      {
        ...(info.workflowExecution ? { workflowId: info.workflowExecution.workflowId, runId: info.workflowExecution.runId } : {}),
        activityType: info.activityType,
        ...(ticketNumber ? { ticketNumber } : {}),
      },
      () => next(input),
    );
  }
}

/** A service task's input names its ticket by the instance's business key or a `ticketNumber` variable. */
function ticketNumberOf(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { businessKey, variables } = arg as { businessKey?: unknown; variables?: { ticketNumber?: unknown } };
  if (typeof businessKey === 'string') return businessKey;
  const named = variables?.ticketNumber;
  return typeof named === 'string' ? named : undefined;
}
