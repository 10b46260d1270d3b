import { bpmnError } from '../../workflows/client';

/** The service task types the conformance diagrams use, as real activities (integration) or simulated (unit). */
export type ConformanceOutcome =
  | { kind: 'completed'; variables: Record<string, unknown> }
  | { kind: 'failed'; message: string }
  | { kind: 'bpmnError'; errorCode: string; message: string };

export function conformanceOutcome(taskType: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): ConformanceOutcome {
  if (taskType === 'echo') return { kind: 'completed', variables: { ...headers } };
  if (taskType === 'append') return { kind: 'completed', variables: appended(headers, variables) };
  if (taskType === 'fail') return { kind: 'failed', message: 'the conformance worker always fails' };
  if (taskType === 'raise-error') return { kind: 'bpmnError', errorCode: headers.errorCode ?? '', message: `raised ${headers.errorCode}` };
  return { kind: 'failed', message: `no conformance worker for task type "${taskType}"` };
}

/** `append` adds its `item` header to the list variable its `list` header names: a trace of what ran, in order. */
function appended(headers: Record<string, string>, variables: Record<string, unknown>): Record<string, unknown> {
  const list = headers.list ?? 'list';
  const current = variables[list];
  return { [list]: [...(Array.isArray(current) ? current : []), headers.item ?? null] };
}

/** The same behaviour as Temporal activities, registered on the test worker. */
export const conformanceActivities = {
  async echo(input: { headers: Record<string, string> }) {
    return { ...input.headers };
  },
  async append(input: { headers: Record<string, string>; variables: Record<string, unknown> }) {
    return appended(input.headers, input.variables);
  },
  async fail(): Promise<never> {
    throw new Error('the conformance worker always fails');
  },
  async 'raise-error'(input: { headers: Record<string, string> }): Promise<never> {
    throw bpmnError(input.headers.errorCode ?? '', `raised ${input.headers.errorCode}`);
  },
};
