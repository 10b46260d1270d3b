import { BpmnParseError, BpmnTooLargeError, BpmnValidationError, type CompileProblem } from '../../engine/compiler';
import { DmnParseError, DmnTooLargeError, DmnValidationError, type DecisionProblem } from '../../engine/dmn';

/** What the API thread posts to a compile worker (structured-cloned, so plain data only). */
export type CompileTask =
  { kind: 'bpmn'; xml: string; deployedProcessIds?: string[]; everyProcess?: boolean } | { kind: 'dmn'; xml: string };

type RefusalType =
  'BpmnParseError' | 'BpmnValidationError' | 'BpmnTooLargeError' | 'DmnParseError' | 'DmnValidationError' | 'DmnTooLargeError';

/** A compiler's refusal as plain data: structured cloning keeps an Error's message but not its class or `problems`. */
export interface Refusal {
  type: RefusalType;
  message: string;
  problems: Array<CompileProblem | DecisionProblem>;
}

/** A worker's answer; `threadId` says which thread compiled it. */
export type CompileOutcome = { threadId: number } & ({ ok: true; value: unknown } | { ok: false; refusal: Refusal });

/** The refusal an error stands for, or undefined when it is not a refusal but a fault (which stays an error). */
export function toRefusal(err: unknown): Refusal | undefined {
  if (
    err instanceof BpmnParseError ||
    err instanceof BpmnValidationError ||
    err instanceof BpmnTooLargeError ||
    err instanceof DmnParseError ||
    err instanceof DmnValidationError ||
    err instanceof DmnTooLargeError
  ) {
    return { type: err.name as Refusal['type'], message: err.message, problems: err.problems };
  }
  return undefined;
}

/** The typed error again, on the API thread, so the error mapping answers 400, 413 or 422 as for an in-process compile. */
export function fromRefusal(refusal: Refusal): Error {
  switch (refusal.type) {
    case 'BpmnParseError':
      return new BpmnParseError(refusal.message, refusal.problems);
    case 'BpmnValidationError':
      return new BpmnValidationError(refusal.problems);
    case 'BpmnTooLargeError':
      return new BpmnTooLargeError(refusal.message, refusal.problems);
    case 'DmnParseError':
      return new DmnParseError(refusal.message, refusal.problems);
    case 'DmnValidationError':
      return new DmnValidationError(refusal.problems);
    case 'DmnTooLargeError':
      return new DmnTooLargeError(refusal.message, refusal.problems);
  }
}
