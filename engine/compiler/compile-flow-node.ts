import { stripFeelMarker } from '../feel/feel';
import type { CompileProblem } from './compile-problem';
import type { ModdleElement } from './parse-bpmn';
import type { FlowNode } from './process-graph';
import { definedStrings, zeebeExtension, zeebeIoMapping, zeebeTaskHeaders } from './zeebe-extensions';

const DEFAULT_RETRIES = 3;

/** Task types whose Zeebe form is "a job of some type": they all run as an activity named by that type. */
const JOB_WORKER_TASKS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask']);

/**
 * One moddle flow node → one graph node, or the reason it cannot run here.
 * Sequence-flow wiring (incoming/outgoing) is filled in by the caller.
 */
export function compileFlowNode(el: ModdleElement, problems: CompileProblem[]): FlowNode | undefined {
  const base = {
    id: el.id!,
    ...(el.name ? { name: String(el.name) } : {}),
    incoming: [] as string[],
    outgoing: [] as string[],
    ...zeebeIoMapping(el),
  };
  const problem = (message: string, code: string, field?: string) =>
    problems.push({ elementId: el.id, elementName: el.name as string | undefined, message, code, ...(field ? { field } : {}) });

  const eventDefinitions = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  switch (el.$type) {
    case 'bpmn:StartEvent':
    case 'bpmn:EndEvent':
      if (eventDefinitions.length) {
        problem(`${eventDefinitions.map((d) => d.$type.replace('bpmn:', '')).join(', ')} on ${el.$type.replace('bpmn:', '')} is not supported yet`, 'UNSUPPORTED_ELEMENT');
        return undefined;
      }
      return { ...base, kind: el.$type === 'bpmn:StartEvent' ? 'startEvent' : 'endEvent' };
    case 'bpmn:Task':
      return { ...base, kind: 'task' };
    case 'bpmn:ManualTask':
      return { ...base, kind: 'manualTask' };
    case 'bpmn:UserTask': {
      const assignment = definedStrings(zeebeExtension(el, 'zeebe:AssignmentDefinition'), ['assignee', 'candidateGroups', 'candidateUsers'] as const);
      const schedule = definedStrings(zeebeExtension(el, 'zeebe:TaskSchedule'), ['dueDate', 'followUpDate'] as const);
      const form = definedStrings(zeebeExtension(el, 'zeebe:FormDefinition'), ['formKey', 'formId'] as const);
      const priority = definedStrings(zeebeExtension(el, 'zeebe:PriorityDefinition'), ['priority'] as const);
      const formKey = form.formKey ?? form.formId;
      return { ...base, kind: 'userTask', ...assignment, ...schedule, ...priority, ...(formKey ? { formKey } : {}) };
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
    const definition = zeebeExtension(el, 'zeebe:TaskDefinition');
    const taskType = typeof definition?.type === 'string' ? definition.type.trim() : '';
    if (!taskType) {
      problem('has no task type: set zeebe:taskDefinition type so a worker activity can be chosen', 'MISSING_TASK_TYPE', 'zeebe:taskDefinition.type');
      return undefined;
    }
    const retriesText = typeof definition?.retries === 'string' ? definition.retries.trim() : '';
    const retries = retriesText === '' ? DEFAULT_RETRIES : Number(retriesText);
    if (!Number.isInteger(retries) || retries < 1 || retries > 100) {
      problem(`retries must be a whole number from 1 to 100, not "${retriesText}"`, 'INVALID_RETRIES', 'zeebe:taskDefinition.retries');
      return undefined;
    }
    return { ...base, kind: 'serviceTask', taskType, retries, headers: zeebeTaskHeaders(el) };
  }

  problem(`${el.$type.replace('bpmn:', '')} is not supported yet`, 'UNSUPPORTED_ELEMENT');
  return undefined;
}
