// Over 300 lines because the conformance catalogue is a table, one entry per BPMN case.
/**
 * The conformance suite: one small diagram per BPMN behaviour with the trace it must produce. The same
 * table runs against the pure interpreter (conformance.spec.ts, milliseconds) and against a real
 * Temporal server (conformance.test.ts), and generates docs/bpmn-coverage.md.
 *
 * Service task types used here: `echo` returns its task headers as variables; `fail` fails
 * technically (an incident); `raise-error` throws the BPMN error named by its `errorCode` header;
 * `append` adds its `item` header to the list variable named by its `list` header (what ran, in order).
 */
import { readFileSync } from 'node:fs';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import type { UserTaskChanges } from '../../engine/runtime/process-state';
import { repoFile } from '../support/repo-root';
import { listenerCases } from './listener-cases';

const priorityMatrix = readFileSync(repoFile('workflows', 'decisions', 'priority-matrix.dmn'), 'utf8');

export interface ConformanceCase {
  /** Also the process id, so it must be a valid BPMN id. */
  id: string;
  /** The row of the coverage document this case proves. */
  element: string;
  behaviour: string;
  /** Supported by Camunda 8 (Zeebe) per its published BPMN coverage. */
  camunda8: boolean;
  xml: string;
  /** Processes the case calls, deployed first. */
  called?: string[];
  /** DMN files its business rule tasks call, deployed first. */
  decisions?: string[];
  variables?: Record<string, unknown>;
  /** Completion variables per user task element id; tasks not listed complete with `{}`. */
  userTasks?: Record<string, Record<string, unknown>>;
  /**
   * Camunda 8's task operations, once per element when its task is open, before the runner completes it:
   * an assignment (`assignee`, null unassigns), an update (`changes`), or variables set on the task's scope (`variables`).
   */
  taskChanges?: Record<string, { assignee: string | null } | { changes: UserTaskChanges } | { variables: Record<string, unknown> }>;
  /** User tasks the runner never completes: something else (a timer, a message) must move their token. */
  leaveOpen?: string[];
  /**
   * Messages, published in order, each once the instance waits for it; an `early` one is published
   * right after the start, before anything waits, so it must be buffered and correlated later.
   */
  messages?: Array<{ name: string; correlationKey: string; variables?: Record<string, unknown>; early?: boolean }>;
  /** The instance is started by publishing this message (a message start event) instead of through the API's start. */
  startMessage?: { name: string; variables?: Record<string, unknown> };
  /** The instance is started by broadcasting this signal (a signal start event). */
  startSignal?: { name: string; variables?: Record<string, unknown> };
  /** The instance is started by its timer start event, once the process is deployed. */
  startedByTimer?: boolean;
  /** Signals, broadcast in order, each once the instance waits for it. */
  signals?: Array<{ name: string; variables?: Record<string, unknown> }>;
  expect: {
    status: 'completed' | 'active';
    /** Element ids in the order they were entered. Parallel branches are compared as a set on Temporal. */
    trace: string[];
    variables?: Record<string, unknown>;
    /** Element ids with an open incident (status must then be 'active'). */
    incidents?: string[];
    /** Text every open incident's message contains (e.g. the budget it names). */
    incidentMessage?: string;
  };
  /**
   * A case about the runaway guards (loop and FEEL budgets, the linear-time regex engine): it behaves
   * differently without them, so it is left out of the check that the guards change nothing else.
   */
  guard?: true;
  /**
   * A case about a gateway whose only outgoing flow has a condition that is not true: instances recorded
   * before such conditions were evaluated took the flow, so it is left out of the check that evaluating
   * them changes nothing else.
   */
  soleFlowCondition?: true;
}

const start = '<bpmn:startEvent id="start" />';
const end = (id = 'end') => `<bpmn:endEvent id="${id}" />`;
const service = (id: string, type: string, headers: Record<string, string> = {}) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="1" />${
    Object.keys(headers).length
      ? `<zeebe:taskHeaders>${Object.entries(headers)
          .map(([k, v]) => `<zeebe:header key="${k}" value="${v}" />`)
          .join('')}</zeebe:taskHeaders>`
      : ''
  }</bpmn:extensionElements></bpmn:serviceTask>`;
const user = (id: string) =>
  `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>`;
const chain = (...ids: string[]) =>
  ids
    .slice(1)
    .map((id, i) => flow(`f_${ids[i]}_${id}`, ids[i]!, id))
    .join('');
const errorDef = (code: string) => `<bpmn:error id="Error_${code}" name="${code}" errorCode="${code}" />`;
/** Error definitions live beside the process, at the definitions level. */
const withErrors = (xml: string, ...codes: string[]) =>
  xml.replace('</bpmn:definitions>', `${codes.map(errorDef).join('')}</bpmn:definitions>`);
/** Any root elements (messages, signals, escalations) beside the process. */
const withRoots = (xml: string, ...roots: string[]) => xml.replace('</bpmn:definitions>', `${roots.join('')}</bpmn:definitions>`);
const message = (name: string, correlationKey: string) =>
  `<bpmn:message id="Message_${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${correlationKey}" /></bpmn:extensionElements></bpmn:message>`;
const signal = (name: string) => `<bpmn:signal id="Signal_${name}" name="${name}" />`;
const escalation = (code: string) => `<bpmn:escalation id="Escalation_${code}" name="${code}" escalationCode="${code}" />`;
const timer = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
const catchEvent = (id: string, definition: string) =>
  `<bpmn:intermediateCatchEvent id="${id}">${definition}</bpmn:intermediateCatchEvent>`;
const boundary = (id: string, attachedTo: string, definition: string, interrupting = true) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"${interrupting ? '' : ' cancelActivity="false"'}>${definition}</bpmn:boundaryEvent>`;
const script = (id: string, expression: string, resultVariable: string) =>
  `<bpmn:scriptTask id="${id}"><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="${resultVariable}" /></bpmn:extensionElements></bpmn:scriptTask>`;

/**
 * A compensation boundary event on `activityId`, associated with `handlerXml` (marked isForCompensation
 * here). Handlers made by `undo` append their item to `undone`, so the order they ran in shows.
 */
const compensatedBy = (activityId: string, handlerXml: string) => {
  const handlerId = /id="([^"]+)"/.exec(handlerXml)![1]!;
  return `<bpmn:boundaryEvent id="comp_${activityId}" attachedToRef="${activityId}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>${handlerXml.replace(/^<bpmn:(\w+) id="([^"]+)"/, '<bpmn:$1 id="$2" isForCompensation="true"')}<bpmn:association id="assoc_${activityId}" associationDirection="One" sourceRef="comp_${activityId}" targetRef="${handlerId}" />`;
};
const undo = (id: string, item: string) => service(id, 'append', { list: 'undone', item });
const compensate = (id: string, activityRef?: string, kind: 'intermediateThrowEvent' | 'endEvent' = 'intermediateThrowEvent') =>
  `<bpmn:${kind} id="${id}"><bpmn:compensateEventDefinition${activityRef ? ` activityRef="${activityRef}"` : ''} /></bpmn:${kind}>`;

export const conformanceCases: ConformanceCase[] = [
  {
    id: 'c_none_events',
    element: 'None start event, none end event',
    behaviour: 'a token runs from start to end',
    camunda8: true,
    xml: bpmnDocument(`${start}${end()}${chain('start', 'end')}`, 'c_none_events'),
    expect: { status: 'completed', trace: ['start', 'end'] },
  },
  {
    id: 'c_service_task',
    element: 'Service task',
    behaviour: 'calls the activity named by zeebe:taskDefinition type; its result becomes variables',
    camunda8: true,
    xml: bpmnDocument(`${start}${service('t', 'echo', { answer: '42' })}${end()}${chain('start', 't', 'end')}`, 'c_service_task'),
    expect: { status: 'completed', trace: ['start', 't', 'end'], variables: { answer: '42' } },
  },
  {
    id: 'c_service_incident',
    element: 'Service task',
    behaviour: 'a technical failure after retries becomes an incident, not a failed workflow',
    camunda8: true,
    xml: bpmnDocument(`${start}${service('t', 'fail')}${end()}${chain('start', 't', 'end')}`, 'c_service_incident'),
    expect: { status: 'active', trace: ['start', 't'], incidents: ['t'] },
  },
  {
    id: 'c_user_task',
    element: 'User task',
    behaviour: 'waits for completion; completion variables join the process',
    camunda8: true,
    xml: bpmnDocument(`${start}${user('approve')}${end()}${chain('start', 'approve', 'end')}`, 'c_user_task'),
    userTasks: { approve: { approved: true } },
    expect: { status: 'completed', trace: ['start', 'approve', 'end'], variables: { approved: true } },
  },
  {
    id: 'c_script_task',
    element: 'Script task (FEEL)',
    behaviour: 'evaluates zeebe:script into its result variable',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:scriptTask id="s"><bpmn:extensionElements><zeebe:script expression="=a * 2" resultVariable="b" /></bpmn:extensionElements></bpmn:scriptTask>${end()}${chain('start', 's', 'end')}`,
      'c_script_task',
    ),
    variables: { a: 21 },
    expect: { status: 'completed', trace: ['start', 's', 'end'], variables: { a: 21, b: 42 } },
  },
  {
    id: 'c_manual_task',
    element: 'Manual task, undefined task',
    behaviour: 'pass straight through',
    camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:manualTask id="m" /><bpmn:task id="t" />${end()}${chain('start', 'm', 't', 'end')}`, 'c_manual_task'),
    expect: { status: 'completed', trace: ['start', 'm', 't', 'end'] },
  },
  {
    id: 'c_business_rule',
    element: 'Business rule task (DMN)',
    behaviour: 'evaluates the latest deployed decision into the result variable',
    camunda8: true,
    decisions: [priorityMatrix],
    xml: bpmnDocument(
      `${start}<bpmn:businessRuleTask id="prioritise"><bpmn:extensionElements><zeebe:calledDecision decisionId="priority-matrix" resultVariable="priority" /></bpmn:extensionElements></bpmn:businessRuleTask>${end()}${chain('start', 'prioritise', 'end')}`,
      'c_business_rule',
    ),
    variables: { impact: 'high', urgency: 'medium' },
    expect: { status: 'completed', trace: ['start', 'prioritise', 'end'], variables: { priority: 'P2' } },
  },
  {
    id: 'c_business_rule_incident',
    element: 'Business rule task (DMN)',
    behaviour: 'a decision that cannot be evaluated is an incident, not a silent null',
    camunda8: true,
    decisions: [priorityMatrix],
    xml: bpmnDocument(
      `${start}<bpmn:businessRuleTask id="prioritise"><bpmn:extensionElements><zeebe:calledDecision decisionId="priority-matrix" resultVariable="priority" /></bpmn:extensionElements></bpmn:businessRuleTask>${end()}${chain('start', 'prioritise', 'end')}`,
      'c_business_rule_incident',
    ),
    variables: { impact: 'enormous', urgency: 'medium' },
    expect: { status: 'active', trace: ['start', 'prioritise'], incidents: ['prioritise'] },
  },
  {
    id: 'c_io_mapping',
    element: 'Input/output mappings',
    behaviour: 'inputs are local to the task; only mapped outputs reach the process',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="echo" /><zeebe:taskHeaders><zeebe:header key="raw" value="x" /></zeebe:taskHeaders>
      <zeebe:ioMapping><zeebe:input source="=amount + 1" target="local" /><zeebe:output source="=local * 10" target="total" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>${end()}${chain('start', 't', 'end')}`,
      'c_io_mapping',
    ),
    variables: { amount: 4 },
    expect: { status: 'completed', trace: ['start', 't', 'end'], variables: { amount: 4, total: 50 } },
  },
  {
    id: 'c_static_mapping',
    element: 'Static mapping values (a source without `=`, `{{secrets.NAME}}`)',
    behaviour: 'a source without "=" is a static string, placeholders such as {{secrets.NAME}} included',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="echo" />
      <zeebe:ioMapping><zeebe:input source="smtp.example.org" target="host" /><zeebe:input source="{{secrets.SMTP_PASSWORD}}" target="password" /><zeebe:output source="=host" target="host" /><zeebe:output source="=password" target="password" /><zeebe:output source="25" target="port" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>${end()}${chain('start', 't', 'end')}`,
      'c_static_mapping',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 't', 'end'],
      variables: { host: 'smtp.example.org', password: '{{secrets.SMTP_PASSWORD}}', port: '25' },
    },
  },
  {
    id: 'c_exclusive',
    element: 'Exclusive gateway',
    behaviour: 'takes the first true condition, else the default flow',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:exclusiveGateway id="gw" default="f_other" />${end('big')}${end('other')}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=amount > 100')}${flow('f_other', 'gw', 'other')}`,
      'c_exclusive',
    ),
    variables: { amount: 500 },
    expect: { status: 'completed', trace: ['start', 'gw', 'big'] },
  },
  {
    id: 'c_exclusive_default',
    element: 'Exclusive gateway',
    behaviour: 'no true condition: the default flow',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:exclusiveGateway id="gw" default="f_other" />${end('big')}${end('other')}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=amount > 100')}${flow('f_other', 'gw', 'other')}`,
      'c_exclusive_default',
    ),
    variables: { amount: 5 },
    expect: { status: 'completed', trace: ['start', 'gw', 'other'] },
  },
  {
    id: 'c_exclusive_sole_flow',
    element: 'Exclusive gateway',
    behaviour: 'its only outgoing flow has a condition: taken when the condition is true',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:exclusiveGateway id="gw" />${service('big', 'echo', { checked: 'yes' })}${end()}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=amount > 100')}${flow('f1', 'big', 'end')}`,
      'c_exclusive_sole_flow',
    ),
    variables: { amount: 500 },
    expect: { status: 'completed', trace: ['start', 'gw', 'big', 'end'], variables: { checked: 'yes' } },
  },
  {
    id: 'c_exclusive_sole_flow_false',
    element: 'Exclusive gateway',
    behaviour:
      'its only outgoing flow’s condition is false and there is no default flow: an incident on the gateway, the flow is not taken',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:exclusiveGateway id="gw" />${service('big', 'echo', { checked: 'yes' })}${end()}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=amount > 100')}${flow('f1', 'big', 'end')}`,
      'c_exclusive_sole_flow_false',
    ),
    variables: { amount: 5 },
    soleFlowCondition: true,
    expect: {
      status: 'active',
      trace: ['start', 'gw'],
      incidents: ['gw'],
      incidentMessage:
        'no outgoing flow condition is true and the gateway has no default flow (its only outgoing flow f_big has the condition "amount > 100")',
    },
  },
  {
    id: 'c_exclusive_sole_flow_not_boolean',
    element: 'Exclusive gateway',
    behaviour: 'its only outgoing flow’s condition is not a boolean: an incident on the gateway naming the flow and the expression',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:exclusiveGateway id="gw" />${service('big', 'echo', { checked: 'yes' })}${end()}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=amount')}${flow('f1', 'big', 'end')}`,
      'c_exclusive_sole_flow_not_boolean',
    ),
    variables: { amount: 'lots' },
    soleFlowCondition: true,
    expect: {
      status: 'active',
      trace: ['start', 'gw'],
      incidents: ['gw'],
      incidentMessage: 'flow f_big: condition "amount" must evaluate to a boolean but was string',
    },
  },
  {
    id: 'c_parallel',
    element: 'Parallel gateway',
    behaviour: 'forks every branch and joins when all arrive',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:parallelGateway id="fork" />${service('a', 'echo', { a: '1' })}${service('b', 'echo', { b: '2' })}<bpmn:parallelGateway id="join" />${end()}
      ${flow('f0', 'start', 'fork')}${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}${flow('f5', 'join', 'end')}`,
      'c_parallel',
    ),
    expect: { status: 'completed', trace: ['start', 'fork', 'a', 'b', 'join', 'end'], variables: { a: '1', b: '2' } },
  },
  {
    id: 'c_inclusive',
    element: 'Inclusive gateway',
    behaviour: 'forks every true branch; the join waits only for branches that were taken',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:inclusiveGateway id="fork" />${user('a')}${user('b')}${user('c')}<bpmn:inclusiveGateway id="join" />${end()}
      ${flow('f0', 'start', 'fork')}${flow('fa', 'fork', 'a', '=x > 0')}${flow('fb', 'fork', 'b', '=x > 5')}${flow('fc', 'fork', 'c', '=x > 50')}
      ${flow('ja', 'a', 'join')}${flow('jb', 'b', 'join')}${flow('jc', 'c', 'join')}${flow('f9', 'join', 'end')}`,
      'c_inclusive',
    ),
    variables: { x: 10 },
    expect: { status: 'completed', trace: ['start', 'fork', 'a', 'b', 'join', 'end'] },
  },
  {
    id: 'c_inclusive_sole_flow_false',
    element: 'Inclusive gateway',
    behaviour:
      'its only outgoing flow’s condition is false and there is no default flow: an incident on the gateway, the flow is not taken',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:inclusiveGateway id="fork" />${service('a', 'echo', { checked: 'yes' })}${end()}${flow('f0', 'start', 'fork')}${flow('fa', 'fork', 'a', '=x > 50')}${flow('f1', 'a', 'end')}`,
      'c_inclusive_sole_flow_false',
    ),
    variables: { x: 10 },
    soleFlowCondition: true,
    expect: {
      status: 'active',
      trace: ['start', 'fork'],
      incidents: ['fork'],
      incidentMessage:
        'no outgoing flow condition is true and the gateway has no default flow (its only outgoing flow fa has the condition "x > 50")',
    },
  },
  {
    id: 'c_inclusive_branch_elsewhere',
    element: 'Inclusive gateway',
    behaviour: 'the join does not wait for a branch that can no longer reach it',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:inclusiveGateway id="fork" />${user('a')}${user('b')}<bpmn:inclusiveGateway id="join" />${end()}${end('side')}
      ${flow('f0', 'start', 'fork')}${flow('fa', 'fork', 'a', '=true')}${flow('fb', 'fork', 'b', '=true')}${flow('ja', 'a', 'join')}${flow('jb', 'b', 'side')}${flow('f9', 'join', 'end')}`,
      'c_inclusive_branch_elsewhere',
    ),
    expect: { status: 'completed', trace: ['start', 'fork', 'a', 'b', 'join', 'end', 'side'] },
  },
  {
    id: 'c_subprocess',
    element: 'Embedded subprocess',
    behaviour: 'runs its own start-to-end, then continues',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" />${service('inner', 'echo', { inner: 'done' })}<bpmn:endEvent id="sub_end" />${chain('sub_start', 'inner', 'sub_end')}</bpmn:subProcess>${end()}${chain('start', 'sub', 'end')}`,
      'c_subprocess',
    ),
    expect: { status: 'completed', trace: ['start', 'sub', 'sub_start', 'inner', 'sub_end', 'end'], variables: { inner: 'done' } },
  },
  {
    id: 'c_ad_hoc_subprocess',
    element: 'Ad-hoc subprocess',
    behaviour: 'activates the inner elements activeElementsCollection names, completes once they are done; their variables stay inside',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:adHocSubProcess id="tools"><bpmn:extensionElements><zeebe:adHoc activeElementsCollection="=tools" /></bpmn:extensionElements>` +
        `${service('a', 'echo', { inner: 'a' })}${service('b', 'echo', { inner: 'b' })}${service('c', 'echo', { inner: 'c' })}</bpmn:adHocSubProcess>` +
        `${end()}${chain('start', 'tools', 'end')}`,
      'c_ad_hoc_subprocess',
    ),
    variables: { tools: ['a', 'b'] },
    expect: { status: 'completed', trace: ['start', 'tools', 'a', 'b', 'end'], variables: { tools: ['a', 'b'] } },
  },
  {
    id: 'c_ad_hoc_completion',
    element: 'Ad-hoc subprocess',
    behaviour: 'once its completion condition holds, ends the elements still running and hands out its output collection',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:adHocSubProcess id="tools"><bpmn:extensionElements>` +
        `<zeebe:adHoc activeElementsCollection="=[&quot;wait&quot;, &quot;done&quot;]" outputCollection="results" outputElement="=finished" />` +
        `</bpmn:extensionElements>${user('wait')}${service('done', 'echo', { finished: 'yes' })}` +
        `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=finished = "yes"</bpmn:completionCondition></bpmn:adHocSubProcess>` +
        `${end()}${chain('start', 'tools', 'end')}`,
      'c_ad_hoc_completion',
    ),
    leaveOpen: ['wait'],
    expect: { status: 'completed', trace: ['start', 'tools', 'wait', 'done', 'end'], variables: { results: ['yes'] } },
  },
  {
    id: 'c_error_end_boundary',
    element: 'Error end event, error boundary event',
    behaviour: 'an error thrown inside a subprocess is caught on its boundary',
    camunda8: true,
    xml: withErrors(
      bpmnDocument(
        `${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" /><bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="Error_NO_STOCK" /></bpmn:endEvent>${chain('sub_start', 'throw')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="Error_NO_STOCK" /></bpmn:boundaryEvent>${end()}${end('recovered')}${chain('start', 'sub', 'end')}${flow('fb', 'caught', 'recovered')}`,
        'c_error_end_boundary',
      ),
      'NO_STOCK',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'sub', 'sub_start', 'throw', 'caught', 'recovered'],
      variables: { errorCode: 'NO_STOCK' },
    },
  },
  {
    id: 'c_task_error_boundary',
    element: 'Error boundary event',
    behaviour: "a BPMN error thrown by a service task's worker is caught on the task",
    camunda8: true,
    xml: withErrors(
      bpmnDocument(
        `${start}${service('t', 'raise-error', { errorCode: 'SMTP_REFUSED' })}<bpmn:boundaryEvent id="caught" attachedToRef="t"><bpmn:errorEventDefinition errorRef="Error_SMTP_REFUSED" /></bpmn:boundaryEvent>
      ${end()}${end('fallback')}${chain('start', 't', 'end')}${flow('fb', 'caught', 'fallback')}`,
        'c_task_error_boundary',
      ),
      'SMTP_REFUSED',
    ),
    expect: { status: 'completed', trace: ['start', 't', 'caught', 'fallback'], variables: { errorCode: 'SMTP_REFUSED' } },
  },
  {
    id: 'c_error_two_levels',
    element: 'Error end event, error boundary event',
    behaviour: 'an error crosses two subprocess levels to the first boundary that matches its code',
    camunda8: true,
    xml: withErrors(
      bpmnDocument(
        `${start}<bpmn:subProcess id="outer"><bpmn:startEvent id="o_start" /><bpmn:subProcess id="inner"><bpmn:startEvent id="i_start" /><bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="Error_DEEP" /></bpmn:endEvent>${chain('i_start', 'throw')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="wrong_code" attachedToRef="inner"><bpmn:errorEventDefinition errorRef="Error_OTHER" /></bpmn:boundaryEvent><bpmn:endEvent id="o_end" /><bpmn:endEvent id="o_wrong" />${chain('o_start', 'inner', 'o_end')}${flow('fw', 'wrong_code', 'o_wrong')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="caught" attachedToRef="outer"><bpmn:errorEventDefinition errorRef="Error_DEEP" /></bpmn:boundaryEvent>${end()}${end('recovered')}${chain('start', 'outer', 'end')}${flow('fb', 'caught', 'recovered')}`,
        'c_error_two_levels',
      ),
      'DEEP',
      'OTHER',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'outer', 'o_start', 'inner', 'i_start', 'throw', 'caught', 'recovered'],
      variables: { errorCode: 'DEEP' },
    },
  },
  {
    id: 'c_terminate_in_subprocess',
    element: 'Terminate end event',
    behaviour: 'inside a subprocess it ends only that subprocess, which then completes',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="s_start" /><bpmn:parallelGateway id="fork" />${user('waiting')}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent><bpmn:endEvent id="s_end" />
      ${flow('f0', 's_start', 'fork')}${flow('f1', 'fork', 'waiting')}${flow('f2', 'fork', 'stop')}${flow('f3', 'waiting', 's_end')}</bpmn:subProcess>${end()}${chain('start', 'sub', 'end')}`,
      'c_terminate_in_subprocess',
    ),
    expect: { status: 'completed', trace: ['start', 'sub', 's_start', 'fork', 'waiting', 'stop', 'end'] },
  },
  {
    id: 'c_error_uncaught',
    element: 'Error end event',
    behaviour: 'an error nobody catches is an incident',
    camunda8: true,
    xml: withErrors(
      bpmnDocument(
        `${start}<bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="Error_BOOM" /></bpmn:endEvent>${chain('start', 'throw')}`,
        'c_error_uncaught',
      ),
      'BOOM',
    ),
    expect: { status: 'active', trace: ['start', 'throw'], incidents: ['throw'] },
  },
  {
    id: 'c_terminate',
    element: 'Terminate end event',
    behaviour: 'ends every other token of its scope',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:parallelGateway id="fork" />${user('waiting')}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>${end()}
      ${flow('f0', 'start', 'fork')}${flow('f1', 'fork', 'waiting')}${flow('f2', 'fork', 'stop')}${flow('f3', 'waiting', 'end')}`,
      'c_terminate',
    ),
    expect: { status: 'completed', trace: ['start', 'fork', 'waiting', 'stop'] },
  },
  {
    id: 'c_mi_parallel',
    element: 'Multi-instance (parallel)',
    behaviour: 'one inner instance per item; outputs collected in order',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:scriptTask id="each"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=doubled" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:script expression="=item * 2" resultVariable="doubled" /></bpmn:extensionElements></bpmn:scriptTask>${end()}${chain('start', 'each', 'end')}`,
      'c_mi_parallel',
    ),
    variables: { items: [1, 2, 3] },
    expect: { status: 'completed', trace: ['start', 'each', 'each', 'each', 'each', 'end'], variables: { results: [2, 4, 6] } },
  },
  {
    id: 'c_mi_sequential',
    element: 'Multi-instance (sequential)',
    behaviour: 'one after another; the completion condition stops early',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:userTask id="review"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer" /></bpmn:extensionElements>
      <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=numberOfCompletedInstances &gt;= 2</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>${end()}${chain('start', 'review', 'end')}`,
      'c_mi_sequential',
    ),
    variables: { reviewers: ['ana', 'ben', 'cai'] },
    expect: { status: 'completed', trace: ['start', 'review', 'review', 'review', 'end'] },
  },
  {
    id: 'c_mi_subprocess_error',
    element: 'Multi-instance (sequential)',
    behaviour: 'an error in one inner subprocess interrupts the whole multi-instance body',
    camunda8: true,
    xml: withErrors(
      bpmnDocument(
        `${start}<bpmn:subProcess id="each"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=orders" inputElement="order" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="e_start" /><bpmn:exclusiveGateway id="ok" default="fine" /><bpmn:endEvent id="bad"><bpmn:errorEventDefinition errorRef="Error_BAD_ORDER" /></bpmn:endEvent><bpmn:endEvent id="e_end" />
      ${flow('e0', 'e_start', 'ok')}${flow('broken', 'ok', 'bad', '=order < 0')}${flow('fine', 'ok', 'e_end')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="caught" attachedToRef="each"><bpmn:errorEventDefinition errorRef="Error_BAD_ORDER" /></bpmn:boundaryEvent>${end()}${end('rejected')}${chain('start', 'each', 'end')}${flow('fb', 'caught', 'rejected')}`,
        'c_mi_subprocess_error',
      ),
      'BAD_ORDER',
    ),
    variables: { orders: [5, -1, 7] },
    expect: {
      status: 'completed',
      trace: ['start', 'each', 'each', 'e_start', 'ok', 'e_end', 'each', 'e_start', 'ok', 'bad', 'caught', 'rejected'],
    },
  },
  {
    id: 'c_call_activity',
    element: 'Call activity',
    behaviour: 'starts the latest version of the called process; child variables come back',
    camunda8: true,
    called: [
      bpmnDocument(
        `${start}<bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=base + 1" resultVariable="fromChild" /></bpmn:extensionElements></bpmn:scriptTask>${end()}${chain('start', 'calc', 'end')}`,
        'c_called_child',
      ),
    ],
    xml: bpmnDocument(
      `${start}<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="c_called_child" propagateAllChildVariables="true" /></bpmn:extensionElements></bpmn:callActivity>${end()}${chain('start', 'call', 'end')}`,
      'c_call_activity',
    ),
    variables: { base: 1 },
    expect: { status: 'completed', trace: ['start', 'call', 'end'], variables: { base: 1, fromChild: 2 } },
  },
  {
    id: 'c_timer_intermediate',
    element: 'Timer intermediate catch event',
    behaviour: 'waits for an ISO 8601 duration (PT1S) on the workflow clock',
    camunda8: true,
    xml: bpmnDocument(
      `${start}${catchEvent('wait', timer('timeDuration', 'PT1S'))}${end()}${chain('start', 'wait', 'end')}`,
      'c_timer_intermediate',
    ),
    expect: { status: 'completed', trace: ['start', 'wait', 'end'] },
  },
  {
    id: 'c_timer_feel',
    element: 'Timer intermediate catch event',
    behaviour: 'a FEEL duration and a FEEL date (one already past fires at once) are evaluated when the token arrives',
    camunda8: true,
    xml: bpmnDocument(
      `${start}${catchEvent('wait', timer('timeDuration', '="PT" + string(seconds) + "S"'))}${catchEvent('until', timer('timeDate', '=date and time(deadline)'))}${end()}${chain('start', 'wait', 'until', 'end')}`,
      'c_timer_feel',
    ),
    variables: { seconds: 1, deadline: '2020-01-01T00:00:00Z' },
    expect: { status: 'completed', trace: ['start', 'wait', 'until', 'end'] },
  },
  {
    id: 'c_timer_boundary',
    element: 'Timer boundary event',
    behaviour: 'an interrupting timer ends the task it is attached to and takes its path',
    camunda8: true,
    xml: bpmnDocument(
      `${start}${user('work')}${boundary('timeout', 'work', timer('timeDuration', 'PT1S'))}${end()}${end('escalated')}${chain('start', 'work', 'end')}${flow('fb', 'timeout', 'escalated')}`,
      'c_timer_boundary',
    ),
    leaveOpen: ['work'],
    expect: { status: 'completed', trace: ['start', 'work', 'timeout', 'escalated'] },
  },
  {
    id: 'c_timer_cycle',
    element: 'Timer boundary event',
    behaviour: 'a non-interrupting cycle (R5/PT2S) fires while the activity runs and stops when it completes (SLA reminders)',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" />${catchEvent('work', timer('timeDuration', 'PT5S'))}<bpmn:endEvent id="sub_end" />${chain('sub_start', 'work', 'sub_end')}</bpmn:subProcess>
      ${boundary('remind', 'sub', timer('timeCycle', 'R5/PT2S'), false)}${script('count', '=reminders + 1', 'reminders')}${end()}${end('reminded')}${chain('start', 'sub', 'end')}${chain('remind', 'count', 'reminded')}`,
      'c_timer_cycle',
    ),
    variables: { reminders: 0 },
    expect: {
      status: 'completed',
      trace: ['start', 'sub', 'sub_start', 'work', 'remind', 'count', 'reminded', 'remind', 'count', 'reminded', 'sub_end', 'end'],
      variables: { reminders: 2 },
    },
  },
  {
    id: 'c_message_catch',
    element: 'Message intermediate catch event',
    behaviour: 'waits for the message name + FEEL correlation key; its variables join the process',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}${catchEvent('paid', '<bpmn:messageEventDefinition messageRef="Message_payment-received" />')}${end()}${chain('start', 'paid', 'end')}`,
        'c_message_catch',
      ),
      message('payment-received', '=orderId'),
    ),
    variables: { orderId: 'c-msg-1' },
    messages: [{ name: 'payment-received', correlationKey: 'c-msg-1', variables: { amount: 42 } }],
    expect: { status: 'completed', trace: ['start', 'paid', 'end'], variables: { amount: 42 } },
  },
  {
    id: 'c_message_buffered',
    element: 'Message intermediate catch event',
    behaviour: 'a message published before the instance waits is buffered and correlated when it does',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}${service('prepare', 'echo', { prepared: 'yes' })}${catchEvent('reply', '<bpmn:messageEventDefinition messageRef="Message_customer-reply" />')}${end()}${chain('start', 'prepare', 'reply', 'end')}`,
        'c_message_buffered',
      ),
      message('customer-reply', '=ticket'),
    ),
    variables: { ticket: 'c-msg-early' },
    messages: [{ name: 'customer-reply', correlationKey: 'c-msg-early', variables: { text: 'it works again' }, early: true }],
    expect: { status: 'completed', trace: ['start', 'prepare', 'reply', 'end'], variables: { prepared: 'yes', text: 'it works again' } },
  },
  {
    id: 'c_receive_task',
    element: 'Send task, receive task',
    behaviour: 'a receive task waits for its message; a send task runs its zeebe:taskDefinition job',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}<bpmn:sendTask id="ask"><bpmn:extensionElements><zeebe:taskDefinition type="echo" /><zeebe:taskHeaders><zeebe:header key="asked" value="yes" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:sendTask>
      <bpmn:receiveTask id="answer" messageRef="Message_approval" />${end()}${chain('start', 'ask', 'answer', 'end')}`,
        'c_receive_task',
      ),
      message('approval', '=changeId'),
    ),
    variables: { changeId: 'c-rt-1' },
    messages: [{ name: 'approval', correlationKey: 'c-rt-1', variables: { approved: true } }],
    expect: { status: 'completed', trace: ['start', 'ask', 'answer', 'end'], variables: { asked: 'yes', approved: true } },
  },
  {
    id: 'c_message_boundary',
    element: 'Message boundary event',
    behaviour: 'an interrupting message ends the task it is attached to',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}${user('work')}${boundary('withdrawn', 'work', '<bpmn:messageEventDefinition messageRef="Message_withdraw" />')}${end()}${end('cancelled')}${chain('start', 'work', 'end')}${flow('fb', 'withdrawn', 'cancelled')}`,
        'c_message_boundary',
      ),
      message('withdraw', '=requestId'),
    ),
    variables: { requestId: 'c-mb-1' },
    leaveOpen: ['work'],
    messages: [{ name: 'withdraw', correlationKey: 'c-mb-1' }],
    expect: { status: 'completed', trace: ['start', 'work', 'withdrawn', 'cancelled'] },
  },
  {
    id: 'c_message_boundary_non_interrupting',
    element: 'Message boundary event',
    behaviour: 'a non-interrupting message starts a side path and the activity goes on',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" />${catchEvent('done', '<bpmn:messageEventDefinition messageRef="Message_fixed" />')}<bpmn:endEvent id="sub_end" />${chain('sub_start', 'done', 'sub_end')}</bpmn:subProcess>
      ${boundary('note', 'sub', '<bpmn:messageEventDefinition messageRef="Message_customer-note" />', false)}${end()}${end('noted')}${chain('start', 'sub', 'end')}${flow('fb', 'note', 'noted')}`,
        'c_message_boundary_non_interrupting',
      ),
      message('fixed', '=incidentId'),
      message('customer-note', '=incidentId'),
    ),
    variables: { incidentId: 'c-mbn-1' },
    messages: [
      { name: 'customer-note', correlationKey: 'c-mbn-1', variables: { note: 'still down' } },
      { name: 'fixed', correlationKey: 'c-mbn-1', variables: { fix: 'rebooted' } },
    ],
    expect: {
      status: 'completed',
      trace: ['start', 'sub', 'sub_start', 'done', 'note', 'noted', 'sub_end', 'end'],
      variables: { note: 'still down', fix: 'rebooted' },
    },
  },
  {
    id: 'c_message_end',
    element: 'Message throw and end events',
    behaviour: 'message throw and end events run their zeebe:taskDefinition job, like a send task',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:intermediateThrowEvent id="notify"><bpmn:messageEventDefinition /><bpmn:extensionElements><zeebe:taskDefinition type="echo" /><zeebe:taskHeaders><zeebe:header key="notified" value="yes" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end"><bpmn:messageEventDefinition /><bpmn:extensionElements><zeebe:taskDefinition type="echo" /><zeebe:taskHeaders><zeebe:header key="closed" value="yes" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:endEvent>${chain('start', 'notify', 'end')}`,
      'c_message_end',
    ),
    expect: { status: 'completed', trace: ['start', 'notify', 'end'], variables: { notified: 'yes', closed: 'yes' } },
  },
  {
    id: 'c_signal_catch',
    element: 'Signal catch and boundary events',
    behaviour: 'a broadcast signal reaches the waiting catch event; an interrupting signal boundary ends its task',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}${catchEvent('resolved', '<bpmn:signalEventDefinition signalRef="Signal_c-outage-resolved" />')}${user('verify')}${boundary('abort', 'verify', '<bpmn:signalEventDefinition signalRef="Signal_c-freeze" />')}${end()}${end('aborted')}
      ${chain('start', 'resolved', 'verify', 'end')}${flow('fb', 'abort', 'aborted')}`,
        'c_signal_catch',
      ),
      signal('c-outage-resolved'),
      signal('c-freeze'),
    ),
    leaveOpen: ['verify'],
    signals: [{ name: 'c-outage-resolved', variables: { outage: 'over' } }, { name: 'c-freeze' }],
    expect: { status: 'completed', trace: ['start', 'resolved', 'verify', 'abort', 'aborted'], variables: { outage: 'over' } },
  },
  {
    id: 'c_event_gateway_message',
    element: 'Event-based gateway',
    behaviour: 'the first event wins (here the message) and the timer is withdrawn',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}<bpmn:eventBasedGateway id="gw" />${catchEvent('reply', '<bpmn:messageEventDefinition messageRef="Message_reply" />')}${catchEvent('silence', timer('timeDuration', 'PT30S'))}${end('answered')}${end('closed')}
      ${flow('f0', 'start', 'gw')}${flow('f1', 'gw', 'reply')}${flow('f2', 'gw', 'silence')}${flow('f3', 'reply', 'answered')}${flow('f4', 'silence', 'closed')}`,
        'c_event_gateway_message',
      ),
      message('reply', '=ticket'),
    ),
    variables: { ticket: 'c-gw-1' },
    messages: [{ name: 'reply', correlationKey: 'c-gw-1', variables: { answer: 'yes' } }],
    expect: { status: 'completed', trace: ['start', 'gw', 'reply', 'answered'], variables: { answer: 'yes' } },
  },
  {
    id: 'c_event_gateway_timer',
    element: 'Event-based gateway',
    behaviour: 'no message comes: the timer wins and the subscription is withdrawn',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}<bpmn:eventBasedGateway id="gw" />${catchEvent('reply', '<bpmn:messageEventDefinition messageRef="Message_reply" />')}${catchEvent('silence', timer('timeDuration', 'PT1S'))}${end('answered')}${end('closed')}
      ${flow('f0', 'start', 'gw')}${flow('f1', 'gw', 'reply')}${flow('f2', 'gw', 'silence')}${flow('f3', 'reply', 'answered')}${flow('f4', 'silence', 'closed')}`,
        'c_event_gateway_timer',
      ),
      message('reply', '=ticket'),
    ),
    variables: { ticket: 'c-gw-2' },
    expect: { status: 'completed', trace: ['start', 'gw', 'silence', 'closed'] },
  },
  {
    id: 'c_escalation',
    element: 'Escalation events',
    behaviour:
      'an escalation throw is caught by a non-interrupting boundary (the thrower goes on); an escalation end by an interrupting one',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" /><bpmn:intermediateThrowEvent id="warn"><bpmn:escalationEventDefinition escalationRef="Escalation_LATE" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="give_up"><bpmn:escalationEventDefinition escalationRef="Escalation_STUCK" /></bpmn:endEvent>${chain('sub_start', 'warn', 'give_up')}</bpmn:subProcess>
      ${boundary('late', 'sub', '<bpmn:escalationEventDefinition escalationRef="Escalation_LATE" />', false)}${boundary('stuck', 'sub', '<bpmn:escalationEventDefinition escalationRef="Escalation_STUCK" />')}
      ${end()}${end('informed')}${end('handed_over')}${chain('start', 'sub', 'end')}${flow('fl', 'late', 'informed')}${flow('fs', 'stuck', 'handed_over')}`,
        'c_escalation',
      ),
      escalation('LATE'),
      escalation('STUCK'),
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'sub', 'sub_start', 'warn', 'late', 'informed', 'give_up', 'stuck', 'handed_over'],
      variables: { escalationCode: 'STUCK' },
    },
  },
  {
    id: 'c_link',
    element: 'Link events',
    behaviour: 'a link throw continues at the link catch of the same name',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition name="page2" /></bpmn:intermediateThrowEvent><bpmn:intermediateCatchEvent id="arrive"><bpmn:linkEventDefinition name="page2" /></bpmn:intermediateCatchEvent>${end()}${chain('start', 'go')}${chain('arrive', 'end')}`,
      'c_link',
    ),
    expect: { status: 'completed', trace: ['start', 'go', 'arrive', 'end'] },
  },
  {
    id: 'c_signal_throw',
    element: 'Signal throw and end events',
    behaviour: 'a signal thrown by a process reaches every waiting instance, its own included; a signal end event broadcasts too',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}<bpmn:parallelGateway id="fork" />${catchEvent('wait', '<bpmn:signalEventDefinition signalRef="Signal_c-self-go" />')}
      ${script('prepare', '=1', 'prepared')}<bpmn:intermediateThrowEvent id="go"><bpmn:signalEventDefinition signalRef="Signal_c-self-go" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="announce"><bpmn:signalEventDefinition signalRef="Signal_c-self-done" /></bpmn:endEvent>${end()}
      ${flow('f0', 'start', 'fork')}${flow('f1', 'fork', 'wait')}${flow('f2', 'fork', 'prepare')}${chain('prepare', 'go', 'announce')}${flow('f3', 'wait', 'end')}`,
        'c_signal_throw',
      ),
      signal('c-self-go'),
      signal('c-self-done'),
    ),
    expect: { status: 'completed', trace: ['start', 'fork', 'wait', 'prepare', 'go', 'announce', 'end'], variables: { prepared: 1 } },
  },
  {
    id: 'c_event_subprocess_timer',
    element: 'Event subprocess',
    behaviour: 'an interrupting timer event subprocess ends the rest of the process and runs instead (an SLA breach)',
    camunda8: true,
    xml: bpmnDocument(
      `${start}${user('work')}${end()}${chain('start', 'work', 'end')}
      <bpmn:subProcess id="breach" triggeredByEvent="true"><bpmn:startEvent id="breach_start">${timer('timeDuration', 'PT1S')}</bpmn:startEvent>${script('mark', '=&quot;breached&quot;', 'sla')}<bpmn:endEvent id="breach_end" />${chain('breach_start', 'mark', 'breach_end')}</bpmn:subProcess>`,
      'c_event_subprocess_timer',
    ),
    leaveOpen: ['work'],
    expect: {
      status: 'completed',
      trace: ['start', 'work', 'breach', 'breach_start', 'mark', 'breach_end'],
      variables: { sla: 'breached' },
    },
  },
  {
    id: 'c_event_subprocess_message',
    element: 'Event subprocess',
    behaviour: 'a non-interrupting message event subprocess runs beside the main path, each time a message comes',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}${catchEvent('done', '<bpmn:messageEventDefinition messageRef="Message_resolved" />')}${end()}${chain('start', 'done', 'end')}
      <bpmn:subProcess id="update" triggeredByEvent="true"><bpmn:startEvent id="update_start" isInterrupting="false"><bpmn:messageEventDefinition messageRef="Message_customer-update" /></bpmn:startEvent>
      ${script('tally', '=updates + 1', 'updates')}<bpmn:endEvent id="update_end" />${chain('update_start', 'tally', 'update_end')}</bpmn:subProcess>`,
        'c_event_subprocess_message',
      ),
      message('resolved', '=ticket'),
      message('customer-update', '=ticket'),
    ),
    variables: { ticket: 'c-esp-1', updates: 0 },
    messages: [
      { name: 'customer-update', correlationKey: 'c-esp-1' },
      { name: 'customer-update', correlationKey: 'c-esp-1' },
      { name: 'resolved', correlationKey: 'c-esp-1' },
    ],
    expect: {
      status: 'completed',
      trace: ['start', 'done', 'update', 'update_start', 'tally', 'update_end', 'update', 'update_start', 'tally', 'update_end', 'end'],
      variables: { updates: 2 },
    },
  },
  {
    id: 'c_event_subprocess_error',
    element: 'Event subprocess',
    behaviour: 'an error event subprocess inside a subprocess catches its error; the subprocess then completes normally',
    camunda8: true,
    xml: withErrors(
      bpmnDocument(
        `${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" /><bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="Error_NO_PARTS" /></bpmn:endEvent>${chain('sub_start', 'throw')}
      <bpmn:subProcess id="handle" triggeredByEvent="true"><bpmn:startEvent id="handle_start"><bpmn:errorEventDefinition errorRef="Error_NO_PARTS" /></bpmn:startEvent><bpmn:endEvent id="handle_end" />${chain('handle_start', 'handle_end')}</bpmn:subProcess></bpmn:subProcess>
      ${end()}${chain('start', 'sub', 'end')}`,
        'c_event_subprocess_error',
      ),
      'NO_PARTS',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'sub', 'sub_start', 'throw', 'handle', 'handle_start', 'handle_end', 'end'],
      variables: { errorCode: 'NO_PARTS' },
    },
  },
  {
    id: 'c_event_subprocess_escalation',
    element: 'Event subprocess',
    behaviour: 'a non-interrupting escalation event subprocess catches an escalation thrown in its scope',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `${start}<bpmn:intermediateThrowEvent id="warn"><bpmn:escalationEventDefinition escalationRef="Escalation_P1" /></bpmn:intermediateThrowEvent>${end()}${chain('start', 'warn', 'end')}
      <bpmn:subProcess id="page" triggeredByEvent="true"><bpmn:startEvent id="page_start" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="Escalation_P1" /></bpmn:startEvent><bpmn:endEvent id="page_end" />${chain('page_start', 'page_end')}</bpmn:subProcess>`,
        'c_event_subprocess_escalation',
      ),
      escalation('P1'),
    ),
    expect: { status: 'completed', trace: ['start', 'warn', 'page', 'page_start', 'page_end', 'end'], variables: { escalationCode: 'P1' } },
  },
  {
    id: 'c_message_start',
    element: 'Message start event',
    behaviour: 'a published message starts an instance of the latest version at its message start event, with its variables',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `<bpmn:startEvent id="mail_in"><bpmn:messageEventDefinition messageRef="Message_c-mail-received" /></bpmn:startEvent>${script('triage', '=subject + &quot;!&quot;', 'title')}${end()}${chain('mail_in', 'triage', 'end')}`,
        'c_message_start',
      ),
      '<bpmn:message id="Message_c-mail-received" name="c-mail-received" />',
    ),
    startMessage: { name: 'c-mail-received', variables: { subject: 'printer on fire' } },
    expect: {
      status: 'completed',
      trace: ['mail_in', 'triage', 'end'],
      variables: { subject: 'printer on fire', title: 'printer on fire!' },
    },
  },
  {
    id: 'c_timer_start',
    element: 'Timer start event',
    behaviour: 'deploying a process with a timer start event starts an instance when the timer is due',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="tick">${timer('timeDuration', 'PT1S')}</bpmn:startEvent>${script('stamp', '=&quot;from timer&quot;', 'origin')}${end()}${chain('tick', 'stamp', 'end')}`,
      'c_timer_start',
    ),
    startedByTimer: true,
    expect: { status: 'completed', trace: ['tick', 'stamp', 'end'], variables: { origin: 'from timer' } },
  },
  {
    id: 'c_signal_start',
    element: 'Signal start event',
    behaviour: 'a broadcast signal starts an instance of the latest version at its signal start event, with its variables',
    camunda8: true,
    xml: withRoots(
      bpmnDocument(
        `<bpmn:startEvent id="outage"><bpmn:signalEventDefinition signalRef="Signal_c-major-outage" /></bpmn:startEvent>${script('open', '=service + &quot; down&quot;', 'summary')}${end()}${chain('outage', 'open', 'end')}`,
        'c_signal_start',
      ),
      signal('c-major-outage'),
    ),
    startSignal: { name: 'c-major-outage', variables: { service: 'mail' } },
    expect: { status: 'completed', trace: ['outage', 'open', 'end'], variables: { summary: 'mail down' } },
  },
  {
    id: 'c_compensation_saga',
    element: 'Compensation events',
    behaviour:
      'a booking saga: the payment fails, and a compensation end event undoes the completed bookings in reverse order through their handlers',
    camunda8: true,
    xml: withErrors(
      bpmnDocument(
        `${start}${service('book_hotel', 'echo', { hotel: 'booked' })}${compensatedBy('book_hotel', undo('cancel_hotel', 'hotel'))}${service('book_flight', 'echo', { flight: 'booked' })}${compensatedBy('book_flight', undo('cancel_flight', 'flight'))}
      ${service('charge', 'raise-error', { errorCode: 'CARD_DECLINED' })}<bpmn:boundaryEvent id="declined" attachedToRef="charge"><bpmn:errorEventDefinition errorRef="Error_CARD_DECLINED" /></bpmn:boundaryEvent>${compensate('undo_booking', undefined, 'endEvent')}${end()}
      ${chain('start', 'book_hotel', 'book_flight', 'charge', 'end')}${flow('f_declined', 'declined', 'undo_booking')}`,
        'c_compensation_saga',
      ),
      'CARD_DECLINED',
    ),
    expect: {
      status: 'completed',
      trace: [
        'start',
        'book_hotel',
        'book_flight',
        'charge',
        'declined',
        'undo_booking',
        'comp_book_flight',
        'cancel_flight',
        'comp_book_hotel',
        'cancel_hotel',
      ],
      variables: { hotel: 'booked', flight: 'booked', errorCode: 'CARD_DECLINED', undone: ['flight', 'hotel'] },
    },
  },
  {
    id: 'c_compensation_activity_ref',
    element: 'Compensation events',
    behaviour:
      'a throw with activityRef undoes only that activity; a later throw without one undoes the rest and never runs a handler twice',
    camunda8: true,
    xml: bpmnDocument(
      `${start}${service('reserve', 'echo', { reserved: 'yes' })}${compensatedBy('reserve', undo('release', 'reserve'))}${service('notify', 'echo', { notified: 'yes' })}${compensatedBy('notify', undo('retract', 'notify'))}
      ${compensate('undo_reserve', 'reserve')}${compensate('undo_rest')}${end()}${chain('start', 'reserve', 'notify', 'undo_reserve', 'undo_rest', 'end')}`,
      'c_compensation_activity_ref',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'reserve', 'notify', 'undo_reserve', 'comp_reserve', 'release', 'undo_rest', 'comp_notify', 'retract', 'end'],
      variables: { undone: ['reserve', 'notify'] },
    },
  },
  {
    id: 'c_compensation_subprocess',
    element: 'Compensation events',
    behaviour: 'a throw also undoes the activities inside completed embedded subprocesses of its scope, most recent first',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" />${service('pack', 'echo', { packed: 'yes' })}${compensatedBy('pack', undo('unpack', 'pack'))}<bpmn:endEvent id="sub_end" />${chain('sub_start', 'pack', 'sub_end')}</bpmn:subProcess>
      ${service('label', 'echo', { labelled: 'yes' })}${compensatedBy('label', undo('unlabel', 'label'))}${compensate('undo_all')}${end()}${chain('start', 'sub', 'label', 'undo_all', 'end')}`,
      'c_compensation_subprocess',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'sub', 'sub_start', 'pack', 'sub_end', 'label', 'undo_all', 'comp_label', 'unlabel', 'comp_pack', 'unpack', 'end'],
      variables: { undone: ['label', 'pack'] },
    },
  },
  {
    id: 'c_compensation_in_subprocess',
    element: 'Compensation events',
    behaviour: 'a throw inside an embedded subprocess undoes only what completed inside it',
    camunda8: true,
    xml: bpmnDocument(
      `${start}${service('prepare', 'echo', { prepared: 'yes' })}${compensatedBy('prepare', undo('unprepare', 'prepare'))}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" />${service('step', 'echo', { stepped: 'yes' })}${compensatedBy('step', undo('unstep', 'step'))}${compensate('sub_undo')}<bpmn:endEvent id="sub_end" />${chain('sub_start', 'step', 'sub_undo', 'sub_end')}</bpmn:subProcess>
      ${end()}${chain('start', 'prepare', 'sub', 'end')}`,
      'c_compensation_in_subprocess',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'prepare', 'sub', 'sub_start', 'step', 'sub_undo', 'comp_step', 'unstep', 'sub_end', 'end'],
      variables: { undone: ['step'] },
    },
  },
  {
    id: 'c_compensation_not_completed',
    element: 'Compensation events',
    behaviour: 'an activity still active, or not yet run, when the compensation is thrown is not compensated',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:parallelGateway id="fork" />${service('book', 'echo', { booked: 'yes' })}${compensatedBy('book', undo('unbook', 'book'))}${user('hold')}${compensatedBy('hold', undo('unhold', 'hold'))}
      ${compensate('undo')}${service('ship', 'echo', { shipped: 'yes' })}${compensatedBy('ship', undo('unship', 'ship'))}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
      ${flow('f0', 'start', 'fork')}${flow('f1', 'fork', 'book')}${flow('f2', 'fork', 'hold')}${chain('book', 'undo', 'ship', 'stop')}`,
      'c_compensation_not_completed',
    ),
    leaveOpen: ['hold'],
    expect: {
      status: 'completed',
      trace: ['start', 'fork', 'book', 'hold', 'undo', 'comp_book', 'unbook', 'ship', 'stop'],
      variables: { undone: ['book'], shipped: 'yes' },
    },
  },
  {
    id: 'c_compensation_multi_instance',
    element: 'Compensation events',
    behaviour: 'a multi-instance activity is compensated once, by its handler; a multi-instance handler undoes each item',
    camunda8: true,
    xml: bpmnDocument(
      `${start}<bpmn:serviceTask id="book"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=rooms" inputElement="room" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:taskDefinition type="echo" retries="1" /></bpmn:extensionElements></bpmn:serviceTask>
      ${compensatedBy(
        'book',
        `<bpmn:scriptTask id="release"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=rooms" inputElement="room" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:script expression="=append(undone, room)" resultVariable="undone" /></bpmn:extensionElements></bpmn:scriptTask>`,
      )}
      ${compensate('undo_all')}${end()}${chain('start', 'book', 'undo_all', 'end')}`,
      'c_compensation_multi_instance',
    ),
    variables: { rooms: ['r1', 'r2'], undone: [] },
    expect: {
      status: 'completed',
      trace: ['start', 'book', 'book', 'book', 'undo_all', 'comp_book', 'release', 'release', 'release', 'end'],
      variables: { undone: ['r1', 'r2'] },
    },
  },
  {
    id: 'c_compensation_event_subprocess',
    element: 'Compensation events',
    behaviour: 'a compensation end event in an error event subprocess undoes the completed activities of the scope around it',
    camunda8: true,
    xml: withErrors(
      bpmnDocument(
        `${start}${service('pay', 'echo', { paid: 'yes' })}${compensatedBy('pay', undo('refund', 'pay'))}${service('pick', 'raise-error', { errorCode: 'OUT_OF_STOCK' })}${end()}${chain('start', 'pay', 'pick', 'end')}
      <bpmn:subProcess id="handle" triggeredByEvent="true"><bpmn:startEvent id="handle_start"><bpmn:errorEventDefinition errorRef="Error_OUT_OF_STOCK" /></bpmn:startEvent>${compensate('handle_undo', undefined, 'endEvent')}${chain('handle_start', 'handle_undo')}</bpmn:subProcess>`,
        'c_compensation_event_subprocess',
      ),
      'OUT_OF_STOCK',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'pay', 'pick', 'handle', 'handle_start', 'handle_undo', 'comp_pay', 'refund'],
      variables: { errorCode: 'OUT_OF_STOCK', undone: ['pay'] },
    },
  },
  {
    id: 'c_runaway_loop',
    element: 'Exclusive gateway',
    behaviour:
      'a loop of a script task and a gateway that never waits stops at the runaway-loop budget (1,000 elements since the last wait state): an incident, not a failed workflow task',
    camunda8: false,
    xml: bpmnDocument(
      `${start}${script('s', '=i + 1', 'i')}<bpmn:exclusiveGateway id="gw" default="f_out" />${end()}${chain('start', 's', 'gw')}${flow('f_back', 'gw', 's', '=i > 0')}${flow('f_out', 'gw', 'end')}`,
      'c_runaway_loop',
    ),
    variables: { i: 0 },
    guard: true,
    // The 1,001st element entered is the gateway: start, then 500 rounds of script and gateway.
    expect: {
      status: 'active',
      trace: ['start', ...Array.from({ length: 500 }, () => ['s', 'gw']).flat()],
      variables: { i: 500 },
      incidents: ['gw'],
      incidentMessage: 'runaway-loop budget',
    },
  },
  {
    id: 'c_feel_budget',
    element: 'Exclusive gateway',
    behaviour: 'a condition that loops past the FEEL budget (50,000 units per step) is an incident on the gateway naming the budget',
    camunda8: false,
    xml: bpmnDocument(
      `${start}<bpmn:exclusiveGateway id="gw" default="f_other" />${end('big')}${end('other')}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=count(for i in 1..n return i) > 0')}${flow('f_other', 'gw', 'other')}`,
      'c_feel_budget',
    ),
    variables: { n: 10_000_000 },
    guard: true,
    expect: { status: 'active', trace: ['start', 'gw'], incidents: ['gw'], incidentMessage: 'FEEL evaluation budget' },
  },
  {
    id: 'c_regex_bomb',
    element: 'Exclusive gateway',
    behaviour:
      'a catastrophic regular expression in a condition (`(a+)+$`) is an incident on the gateway naming the regular-expression budget, instead of holding the worker',
    camunda8: false,
    xml: bpmnDocument(
      `${start}<bpmn:exclusiveGateway id="gw" default="f_other" />${end('big')}${end('other')}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=matches(text, "(a+)+$")')}${flow('f_other', 'gw', 'other')}`,
      'c_regex_bomb',
    ),
    variables: { text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' },
    guard: true,
    expect: { status: 'active', trace: ['start', 'gw'], incidents: ['gw'], incidentMessage: 'regular-expression budget' },
  },
  {
    id: 'c_regex_functions',
    element: 'Script task (FEEL)',
    behaviour: 'matches, replace and split run on a linear-time (RE2) regular-expression engine',
    camunda8: true,
    xml: bpmnDocument(
      `${start}${script('check', '=matches(email, &quot;^[a-z.]+@([a-z-]+[.])+[a-z]{2,}$&quot;)', 'valid')}${script('name', '=split(replace(email, &quot;@.*&quot;, &quot;&quot;), &quot;[.]&quot;)', 'parts')}${end()}${chain('start', 'check', 'name', 'end')}`,
      'c_regex_functions',
    ),
    variables: { email: 'rita.petraitiene@baltic-retail.lt' },
    expect: { status: 'completed', trace: ['start', 'check', 'name', 'end'], variables: { valid: true, parts: ['rita', 'petraitiene'] } },
  },
  ...listenerCases,
];
