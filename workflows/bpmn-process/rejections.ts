import { ApplicationFailure } from '@temporalio/workflow';
import { InvalidEngineEventError } from '../../engine/runtime/interpreter';

/**
 * Any error inside a handler becomes a failed request, never a failed workflow task: the step is pure
 * and the state is only replaced after it succeeds, so nothing was half-applied.
 */
export function asRejection(err: unknown): Error {
  if (err instanceof InvalidEngineEventError) return ApplicationFailure.nonRetryable(err.message, err.code);
  if (err instanceof ApplicationFailure) return err;
  return ApplicationFailure.nonRetryable(err instanceof Error ? err.message : String(err), 'ENGINE_ERROR');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
