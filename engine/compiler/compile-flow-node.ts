// Over 300 lines because one compile case per BPMN element type: the switch reads as the coverage table.
import { stripFeelMarker } from '../feel/feel';
import { compileAdHocSubProcess } from './compile-ad-hoc';
import { compileCatchTrigger, compileMessageTrigger } from './compile-event-definition';
import { compileCalledBinding } from './compile-called-binding';
import { compileTaskForm } from './compile-forms';
import { compileTaskDefinition } from './compile-task-definition';
import { compileExecutionListeners, compileTaskListeners } from './compile-listeners';
import type { CompileProblem } from './compile-problem';
import type { ModdleElement } from './parse-bpmn';
import type { CompensationThrow, FlowNode, MultiInstance } from './process-graph';
import { definedStrings, zeebeExtension, zeebeIoMapping, zeebeProperties } from './zeebe-extensions';

/** Task types whose Zeebe form is "a job of some type": they all run as an activity named by that type. */
const JOB_WORKER_TASKS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask']);

/**
 * One moddle flow node → one graph node, or the reason it cannot run here.
 * Sequence-flow wiring (incoming/outgoing) is filled in by the caller.
 */
export function compileFlowNode(
  el: ModdleElement,
  problems: CompileProblem[],
  scopeId?: string,
  inEventSubProcess = false,
): FlowNode | undefined {
  const node = compileNode(el, problems, scopeId, inEventSubProcess);
  if (!node) return undefined;
  const problem = (message: string, code: string, field?: string) =>
    problems.push({ elementId: el.id, elementName: el.name as string | undefined, message, code, ...(field ? { field } : {}) });
  const executionListeners = compileExecutionListeners(el, node, problem);
  if (executionListeners) node.executionListeners = executionListeners;
  return node;
}

function compileNode(
  el: ModdleElement,
  problems: CompileProblem[],
  scopeId: string | undefined,
  inEventSubProcess: boolean,
): FlowNode | undefined {
  const multiInstance = compileMultiInstance(el, problems);
  const base = {
    id: el.id!,
    ...(el.name ? { name: String(el.name) } : {}),
    ...(scopeId ? { scopeId } : {}),
    incoming: [] as string[],
    outgoing: [] as string[],
    ...zeebeIoMapping(el),
    ...zeebeProperties(el),
    ...(multiInstance ? { multiInstance } : {}),
    ...(el.isForCompensation === true ? { forCompensation: true as const } : {}),
  };
  const problem = (message: string, code: string, field?: string) =>
    problems.push({ elementId: el.id, elementName: el.name as string | undefined, message, code, ...(field ? { field } : {}) });

  const eventDefinitions = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  const unsupportedEvent = () => {
    problem(
      `${eventDefinitions.map((d) => d.$type.replace('bpmn:', '')).join(', ')} on ${el.$type.replace('bpmn:', '')} is not supported yet`,
      'UNSUPPORTED_ELEMENT',
    );
    return undefined;
  };
  switch (el.$type) {
    case 'bpmn:StartEvent': {
      if (!eventDefinitions.length) {
        // Only the process's own none start event has a start form; elsewhere nothing would show it.
        const form = !scopeId && !inEventSubProcess ? compileTaskForm(el, problem) : undefined;
        return { ...base, kind: 'startEvent', ...(form ? { form } : {}) };
      }
      if (!inEventSubProcess && eventDefinitions.length === 1 && eventDefinitions[0]!.$type === 'bpmn:MessageEventDefinition' && !scopeId) {
        // A message start event needs no correlation key: the message starts a new instance.
        const trigger = compileMessageTrigger(eventDefinitions[0]!.messageRef as ModdleElement | undefined, problem, false);
        return trigger ? { ...base, kind: 'startEvent', trigger } : undefined;
      }
      const rootTrigger = !inEventSubProcess && !scopeId && eventDefinitions.length === 1 ? eventDefinitions[0]!.$type : undefined;
      if (rootTrigger === 'bpmn:TimerEventDefinition' || rootTrigger === 'bpmn:SignalEventDefinition') {
        const trigger = compileCatchTrigger(eventDefinitions[0]!, problem);
        return trigger ? { ...base, kind: 'startEvent', trigger } : undefined;
      }
      if (!inEventSubProcess || eventDefinitions.length > 1) return unsupportedEvent();
      const definition = eventDefinitions[0]!;
      if (definition.$type === 'bpmn:CompensateEventDefinition') {
        // Its trigger would have to run inside a subprocess instance that has already completed.
        problem(
          'compensation event subprocesses are not supported: attach a compensation boundary event to the activity and associate it with a compensation handler instead',
          'UNSUPPORTED_ELEMENT',
        );
        return undefined;
      }
      if (definition.$type === 'bpmn:ErrorEventDefinition') {
        const error = definition.errorRef as ModdleElement | undefined;
        const errorCode = typeof error?.errorCode === 'string' && error.errorCode ? error.errorCode : undefined;
        // BPMN: an error event subprocess always interrupts.
        return { ...base, kind: 'startEvent', trigger: { type: 'error', ...(errorCode ? { errorCode } : {}) }, interrupting: true };
      }
      const interrupting = el.isInterrupting !== false;
      if (definition.$type === 'bpmn:EscalationEventDefinition')
        return { ...base, kind: 'startEvent', trigger: { type: 'escalation', ...escalationCode(definition) }, interrupting };
      if (!['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition'].includes(definition.$type))
        return unsupportedEvent();
      const trigger = compileCatchTrigger(definition, problem);
      return trigger ? { ...base, kind: 'startEvent', trigger, interrupting } : undefined;
    }
    case 'bpmn:EndEvent': {
      if (eventDefinitions.length > 1) return unsupportedEvent();
      const definition = eventDefinitions[0];
      if (!definition) return { ...base, kind: 'endEvent', result: { type: 'none' } };
      if (definition.$type === 'bpmn:TerminateEventDefinition') return { ...base, kind: 'endEvent', result: { type: 'terminate' } };
      if (definition.$type === 'bpmn:CompensateEventDefinition') {
        const result = compileCompensationThrow(definition, problem);
        return result ? { ...base, kind: 'endEvent', result } : undefined;
      }
      if (definition.$type === 'bpmn:EscalationEventDefinition')
        return { ...base, kind: 'endEvent', result: { type: 'escalation', ...escalationCode(definition) } };
      if (definition.$type === 'bpmn:SignalEventDefinition') {
        const trigger = compileCatchTrigger(definition, problem);
        return trigger?.type === 'signal'
          ? { ...base, kind: 'endEvent', result: { type: 'signal', signalName: trigger.signalName } }
          : undefined;
      }
      // Camunda 8: a message end event is a job, like a send task (its worker publishes the message).
      if (definition.$type === 'bpmn:MessageEventDefinition') return compileJob(el, base, problem);
      if (definition.$type === 'bpmn:ErrorEventDefinition') {
        const error = definition.errorRef as ModdleElement | undefined;
        const errorCode = typeof error?.errorCode === 'string' && error.errorCode ? error.errorCode : undefined;
        if (!errorCode) problem('an error end event needs an error with an error code', 'MISSING_ERROR_CODE', 'errorRef');
        return {
          ...base,
          kind: 'endEvent',
          result: { type: 'error', ...(errorCode ? { errorCode } : {}), ...(error?.name ? { errorMessage: String(error.name) } : {}) },
        };
      }
      return unsupportedEvent();
    }
    case 'bpmn:BoundaryEvent': {
      const attachedTo = (el.attachedToRef as ModdleElement | undefined)?.id;
      const definition = eventDefinitions[0];
      if (!attachedTo) {
        problem('a boundary event must be attached to an activity', 'DANGLING_BOUNDARY_EVENT', 'attachedToRef');
        return undefined;
      }
      if (eventDefinitions.length !== 1) return unsupportedEvent();
      if (definition!.$type === 'bpmn:CompensateEventDefinition') {
        // The handler comes from the association, resolved once every element is known (compile-compensation).
        return {
          ...base,
          kind: 'boundaryEvent',
          attachedToId: attachedTo,
          cancelActivity: false,
          trigger: { type: 'compensation', handlerId: '' },
        };
      }
      // BPMN: cancelActivity defaults to true (interrupting).
      const cancelActivity = el.cancelActivity !== false;
      if (definition!.$type === 'bpmn:EscalationEventDefinition') {
        return {
          ...base,
          kind: 'boundaryEvent',
          attachedToId: attachedTo,
          cancelActivity,
          trigger: { type: 'escalation', ...escalationCode(definition!) },
        };
      }
      if (definition!.$type !== 'bpmn:ErrorEventDefinition') {
        const trigger = compileCatchTrigger(definition!, problem);
        if (!trigger)
          return definition!.$type.endsWith('TimerEventDefinition') ||
            definition!.$type.endsWith('MessageEventDefinition') ||
            definition!.$type.endsWith('SignalEventDefinition')
            ? undefined
            : unsupportedEvent();
        return { ...base, kind: 'boundaryEvent', attachedToId: attachedTo, cancelActivity, trigger };
      }
      const error = definition!.errorRef as ModdleElement | undefined;
      const errorCode = typeof error?.errorCode === 'string' && error.errorCode ? error.errorCode : undefined;
      return {
        ...base,
        kind: 'boundaryEvent',
        attachedToId: attachedTo,
        // BPMN: error boundary events are always interrupting, whatever the attribute says.
        cancelActivity: true,
        trigger: { type: 'error', ...(errorCode ? { errorCode } : {}) },
      };
    }
    case 'bpmn:IntermediateCatchEvent': {
      const definition = eventDefinitions[0];
      if (eventDefinitions.length !== 1) return unsupportedEvent();
      if (definition!.$type === 'bpmn:LinkEventDefinition') {
        const linkName = String(definition!.name ?? '').trim();
        if (!linkName) problem('a link event needs a name', 'MISSING_LINK_NAME', 'linkEventDefinition.name');
        return { ...base, kind: 'intermediateCatchEvent', trigger: { type: 'link', linkName } };
      }
      if (!['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition'].includes(definition!.$type))
        return unsupportedEvent();
      const trigger = compileCatchTrigger(definition!, problem);
      return trigger ? { ...base, kind: 'intermediateCatchEvent', trigger } : undefined;
    }
    case 'bpmn:IntermediateThrowEvent': {
      const definition = eventDefinitions[0];
      if (eventDefinitions.length > 1) return unsupportedEvent();
      if (!definition) return { ...base, kind: 'intermediateThrowEvent', result: { type: 'none' } };
      if (definition.$type === 'bpmn:EscalationEventDefinition')
        return { ...base, kind: 'intermediateThrowEvent', result: { type: 'escalation', ...escalationCode(definition) } };
      if (definition.$type === 'bpmn:LinkEventDefinition') {
        const linkName = String(definition.name ?? '').trim();
        if (!linkName) problem('a link event needs a name', 'MISSING_LINK_NAME', 'linkEventDefinition.name');
        // targetId is resolved once every element of the scope is known (compile-process).
        return { ...base, kind: 'intermediateThrowEvent', result: { type: 'link', linkName, targetId: '' } };
      }
      if (definition.$type === 'bpmn:MessageEventDefinition') return compileJob(el, base, problem);
      if (definition.$type === 'bpmn:SignalEventDefinition') {
        const trigger = compileCatchTrigger(definition, problem);
        return trigger?.type === 'signal'
          ? { ...base, kind: 'intermediateThrowEvent', result: { type: 'signal', signalName: trigger.signalName } }
          : undefined;
      }
      if (definition.$type === 'bpmn:CompensateEventDefinition') {
        const result = compileCompensationThrow(definition, problem);
        return result ? { ...base, kind: 'intermediateThrowEvent', result } : undefined;
      }
      return unsupportedEvent();
    }
    case 'bpmn:ReceiveTask': {
      const trigger = compileMessageTrigger(el.messageRef as ModdleElement | undefined, problem);
      return trigger ? { ...base, kind: 'receiveTask', trigger } : undefined;
    }
    case 'bpmn:EventBasedGateway':
      return { ...base, kind: 'eventBasedGateway' };
    case 'bpmn:SubProcess':
      // The trigger comes from its start event, filled in once the children are compiled (compile-process).
      if (el.triggeredByEvent)
        return { ...base, kind: 'eventSubProcess', startEventId: '', trigger: { type: 'error' }, interrupting: true };
      return { ...base, kind: 'subProcess', startEventId: '' };
    case 'bpmn:AdHocSubProcess':
      return compileAdHocSubProcess(el, base, problem);
    case 'bpmn:CallActivity': {
      const called = zeebeExtension(el, 'zeebe:CalledElement');
      const processId = typeof called?.processId === 'string' ? called.processId.trim() : '';
      if (!processId) {
        problem('has no called process: set zeebe:calledElement processId', 'MISSING_CALLED_ELEMENT', 'zeebe:calledElement.processId');
        return undefined;
      }
      const binding = compileCalledBinding(called!, problem);
      if (binding === null) return undefined;
      return {
        ...base,
        kind: 'callActivity',
        calledProcessId: processId,
        propagateAllChildVariables: called?.propagateAllChildVariables !== false,
        propagateAllParentVariables: called?.propagateAllParentVariables !== false,
        ...(binding ? { binding } : {}),
      };
    }
    case 'bpmn:InclusiveGateway': {
      const defaultFlow = el.default as ModdleElement | undefined;
      return { ...base, kind: 'inclusiveGateway', ...(defaultFlow?.id ? { defaultFlowId: defaultFlow.id } : {}) };
    }
    case 'bpmn:Task':
      return { ...base, kind: 'task' };
    case 'bpmn:ManualTask':
      return { ...base, kind: 'manualTask' };
    case 'bpmn:UserTask': {
      const assignment = definedStrings(zeebeExtension(el, 'zeebe:AssignmentDefinition'), [
        'assignee',
        'candidateGroups',
        'candidateUsers',
      ] as const);
      const schedule = definedStrings(zeebeExtension(el, 'zeebe:TaskSchedule'), ['dueDate', 'followUpDate'] as const);
      const form = definedStrings(zeebeExtension(el, 'zeebe:FormDefinition'), ['formKey', 'formId', 'externalReference'] as const);
      const priority = definedStrings(zeebeExtension(el, 'zeebe:PriorityDefinition'), ['priority'] as const);
      // Camunda 8.5+ writes an application's own form as `externalReference`, older models as a custom `formKey`
      const formKey = form.formKey ?? form.formId ?? form.externalReference;
      const taskListeners = compileTaskListeners(el, problem);
      const taskForm = compileTaskForm(el, problem);
      return {
        ...base,
        kind: 'userTask',
        ...assignment,
        ...schedule,
        ...priority,
        ...(formKey ? { formKey } : {}),
        ...(taskForm ? { form: taskForm } : {}),
        ...(taskListeners ? { taskListeners } : {}),
      };
    }
    case 'bpmn:ExclusiveGateway': {
      const defaultFlow = el.default as ModdleElement | undefined;
      return { ...base, kind: 'exclusiveGateway', ...(defaultFlow?.id ? { defaultFlowId: defaultFlow.id } : {}) };
    }
    case 'bpmn:ParallelGateway':
      return { ...base, kind: 'parallelGateway' };
  }

  if (JOB_WORKER_TASKS.has(el.$type)) {
    const script = zeebeExtension(el, 'zeebe:Script');
    if (el.$type === 'bpmn:ScriptTask' && script) {
      const expression = stripFeelMarker(String(script.expression ?? ''));
      const resultVariable = String(script.resultVariable ?? '');
      if (!resultVariable) problem('a FEEL script task needs a result variable', 'MISSING_RESULT_VARIABLE', 'zeebe:script.resultVariable');
      return { ...base, kind: 'scriptTask', expression, resultVariable };
    }
    const calledDecision = zeebeExtension(el, 'zeebe:CalledDecision');
    if (el.$type === 'bpmn:BusinessRuleTask' && calledDecision) {
      const decisionId = String(calledDecision.decisionId ?? '').trim();
      const resultVariable = String(calledDecision.resultVariable ?? '').trim();
      if (!decisionId)
        problem('a business rule task needs the id of the decision to call', 'MISSING_DECISION_ID', 'zeebe:calledDecision.decisionId');
      if (!resultVariable)
        problem('a business rule task needs a result variable', 'MISSING_RESULT_VARIABLE', 'zeebe:calledDecision.resultVariable');
      const binding = compileCalledBinding(calledDecision, problem, 'zeebe:calledDecision');
      if (!decisionId || !resultVariable || binding === null) return undefined;
      return { ...base, kind: 'businessRuleTask', decisionId, resultVariable, ...(binding ? { binding } : {}) };
    }
    return compileJob(el, base, problem);
  }

  problem(`${el.$type.replace('bpmn:', '')} is not supported yet`, 'UNSUPPORTED_ELEMENT');
  return undefined;
}

type NodeBase = Omit<Extract<FlowNode, { kind: 'serviceTask' }>, 'kind' | 'taskType' | 'retries' | 'headers'>;

/** A Zeebe job (service task, send task, message throw event): the activity named by zeebe:taskDefinition type. */
function compileJob(
  el: ModdleElement,
  base: NodeBase,
  problem: (message: string, code: string, field?: string) => void,
): FlowNode | undefined {
  const definition = compileTaskDefinition(el, problem);
  return definition ? { ...base, kind: 'serviceTask', ...definition } : undefined;
}

/**
 * A compensation throw or end event. `waitForCompletion="false"` is refused rather than ignored: the
 * engine, like Camunda 8, always waits for the handlers before the token moves on.
 */
function compileCompensationThrow(
  definition: ModdleElement,
  problem: (message: string, code: string, field?: string) => void,
): CompensationThrow | undefined {
  if (definition.waitForCompletion === false) {
    problem(
      'waitForCompletion="false" is not supported: a compensation event always waits until its compensation handlers have completed',
      'UNSUPPORTED_ATTRIBUTE',
      'compensateEventDefinition.waitForCompletion',
    );
    return undefined;
  }
  // activityRef is checked against the scope once every element is known (compile-compensation).
  const activityRef = (definition.activityRef as ModdleElement | undefined)?.id;
  return { type: 'compensation', ...(activityRef ? { activityRef } : {}) };
}

function escalationCode(definition: ModdleElement): { escalationCode?: string } {
  const escalation = definition.escalationRef as ModdleElement | undefined;
  const code = typeof escalation?.escalationCode === 'string' ? escalation.escalationCode.trim() : '';
  return code ? { escalationCode: code } : {};
}

function compileMultiInstance(el: ModdleElement, problems: CompileProblem[]): MultiInstance | undefined {
  const loop = el.loopCharacteristics as ModdleElement | undefined;
  if (!loop) return undefined;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.push({
      elementId: el.id,
      elementName: el.name as string | undefined,
      message: 'standard loops are not supported yet; use multi-instance',
      code: 'UNSUPPORTED_ELEMENT',
      field: 'loopCharacteristics',
    });
    return undefined;
  }
  const zeebe = zeebeExtension(loop, 'zeebe:LoopCharacteristics');
  const read = (key: string) =>
    typeof zeebe?.[key] === 'string' && (zeebe[key] as string).trim() ? (zeebe[key] as string).trim() : undefined;
  const inputCollection = read('inputCollection');
  if (!inputCollection) {
    problems.push({
      elementId: el.id,
      elementName: el.name as string | undefined,
      message: 'a multi-instance activity needs an input collection',
      code: 'MISSING_INPUT_COLLECTION',
      field: 'zeebe:loopCharacteristics.inputCollection',
    });
    return undefined;
  }
  const completion = (loop.completionCondition as ModdleElement | undefined)?.body;
  const inputElement = read('inputElement');
  const outputCollection = read('outputCollection');
  const outputElement = read('outputElement');
  return {
    sequential: loop.isSequential === true,
    inputCollection: stripFeelMarker(inputCollection),
    ...(inputElement ? { inputElement } : {}),
    ...(outputCollection ? { outputCollection } : {}),
    ...(outputElement ? { outputElement: stripFeelMarker(outputElement) } : {}),
    ...(typeof completion === 'string' && completion.trim() ? { completionCondition: stripFeelMarker(completion) } : {}),
  };
}
