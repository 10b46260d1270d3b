import { isFeelExpression, stripFeelMarker } from '../feel/feel';
import { checkTimerLiteral } from '../runtime/timer-schedule';
import type { ModdleElement } from './parse-bpmn';
import type { CatchTrigger, TimerDefinition } from './process-graph';
import { feelStringLiteral, zeebeExtension } from './zeebe-extensions';

export type Problem = (message: string, code: string, field?: string) => void;

/**
 * A timer, message or signal event definition → what the engine waits for, or undefined after
 * reporting why it cannot run. Literal timers are checked now, so a typo fails the deploy rather
 * than the first instance that reaches it.
 */
export function compileCatchTrigger(definition: ModdleElement, problem: Problem, needsCorrelationKey = true): CatchTrigger | undefined {
  switch (definition.$type) {
    case 'bpmn:TimerEventDefinition': {
      const timer = compileTimer(definition, problem);
      return timer ? { type: 'timer', timer } : undefined;
    }
    case 'bpmn:MessageEventDefinition':
      return compileMessageTrigger(definition.messageRef as ModdleElement | undefined, problem, needsCorrelationKey);
    case 'bpmn:SignalEventDefinition': {
      const signal = definition.signalRef as ModdleElement | undefined;
      const signalName = typeof signal?.name === 'string' ? signal.name.trim() : '';
      if (!signalName) {
        problem('a signal event needs a signal with a name', 'MISSING_SIGNAL_NAME', 'signalRef');
        return undefined;
      }
      return { type: 'signal', signalName };
    }
    default:
      return undefined;
  }
}

/** `bpmn:message` name plus Zeebe's `zeebe:subscription correlationKey` (FEEL). */
export function compileMessageTrigger(
  message: ModdleElement | undefined,
  problem: Problem,
  needsCorrelationKey = true,
): Extract<CatchTrigger, { type: 'message' }> | undefined {
  const messageName = typeof message?.name === 'string' ? message.name.trim() : '';
  if (!messageName) {
    problem('a message event needs a message with a name', 'MISSING_MESSAGE_NAME', 'messageRef');
    return undefined;
  }
  const subscription = message ? zeebeExtension(message, 'zeebe:Subscription') : undefined;
  const key = typeof subscription?.correlationKey === 'string' ? subscription.correlationKey.trim() : '';
  if (!key && needsCorrelationKey) {
    problem(
      `message "${messageName}" needs a correlation key: set zeebe:subscription correlationKey`,
      'MISSING_CORRELATION_KEY',
      'zeebe:subscription.correlationKey',
    );
    return undefined;
  }
  // Zeebe: the correlation key is always an expression, with or without the leading `=`.
  // Without "=" the key is a static value, as Camunda 8 reads it: compiled to the FEEL literal that yields it.
  return { type: 'message', messageName, correlationKey: isFeelExpression(key) ? stripFeelMarker(key) : feelStringLiteral(key) };
}

function compileTimer(definition: ModdleElement, problem: Problem): TimerDefinition | undefined {
  const kinds = [
    ['duration', definition.timeDuration],
    ['date', definition.timeDate],
    ['cycle', definition.timeCycle],
  ] as const;
  const set = kinds.filter(
    ([, expr]) => typeof (expr as ModdleElement | undefined)?.body === 'string' && ((expr as ModdleElement).body as string).trim(),
  );
  if (set.length !== 1) {
    problem('a timer needs exactly one of a duration, a date or a cycle', 'INVALID_TIMER', 'timerEventDefinition');
    return undefined;
  }
  const [kind, expr] = set[0]!;
  const expression = ((expr as ModdleElement).body as string).trim();
  if (!isFeelExpression(expression)) {
    const error = checkTimerLiteral(kind, expression);
    if (error) {
      problem(error, 'INVALID_TIMER', `timerEventDefinition.${kind}`);
      return undefined;
    }
  }
  return { kind, expression };
}
