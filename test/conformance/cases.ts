/**
 * The conformance suite: one small diagram per BPMN behaviour with the trace it must produce. The same
 * table runs against the pure interpreter (conformance.spec.ts, milliseconds) and against a real
 * Temporal server (conformance.test.ts), and generates docs/bpmn-coverage.md.
 *
 * Service task types used here: `echo` returns its task headers as variables; `fail` fails
 * technically (an incident); `raise-error` throws the BPMN error named by its `errorCode` header.
 */
import { readFileSync } from 'node:fs';
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import { repoFile } from '../support/repo-root';

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
  expect: {
    status: 'completed' | 'active';
    /** Element ids in the order they were entered. Parallel branches are compared as a set on Temporal. */
    trace: string[];
    variables?: Record<string, unknown>;
    /** Element ids with an open incident (status must then be 'active'). */
    incidents?: string[];
  };
}

const start = '<bpmn:startEvent id="start" />';
const end = (id = 'end') => `<bpmn:endEvent id="${id}" />`;
const service = (id: string, type: string, headers: Record<string, string> = {}) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="1" />${
    Object.keys(headers).length ? `<zeebe:taskHeaders>${Object.entries(headers).map(([k, v]) => `<zeebe:header key="${k}" value="${v}" />`).join('')}</zeebe:taskHeaders>` : ''
  }</bpmn:extensionElements></bpmn:serviceTask>`;
const user = (id: string) => `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>`;
const chain = (...ids: string[]) => ids.slice(1).map((id, i) => flow(`f_${ids[i]}_${id}`, ids[i]!, id)).join('');
const errorDef = (code: string) => `<bpmn:error id="Error_${code}" name="${code}" errorCode="${code}" />`;
/** Error definitions live beside the process, at the definitions level. */
const withErrors = (xml: string, ...codes: string[]) => xml.replace('</bpmn:definitions>', `${codes.map(errorDef).join('')}</bpmn:definitions>`);

export const conformanceCases: ConformanceCase[] = [
  {
    id: 'c_none_events', element: 'None start event, none end event', behaviour: 'a token runs from start to end', camunda8: true,
    xml: bpmnDocument(`${start}${end()}${chain('start', 'end')}`, 'c_none_events'),
    expect: { status: 'completed', trace: ['start', 'end'] },
  },
  {
    id: 'c_service_task', element: 'Service task', behaviour: 'calls the activity named by zeebe:taskDefinition type; its result becomes variables', camunda8: true,
    xml: bpmnDocument(`${start}${service('t', 'echo', { answer: '42' })}${end()}${chain('start', 't', 'end')}`, 'c_service_task'),
    expect: { status: 'completed', trace: ['start', 't', 'end'], variables: { answer: '42' } },
  },
  {
    id: 'c_service_incident', element: 'Service task', behaviour: 'a technical failure after retries becomes an incident, not a failed workflow', camunda8: true,
    xml: bpmnDocument(`${start}${service('t', 'fail')}${end()}${chain('start', 't', 'end')}`, 'c_service_incident'),
    expect: { status: 'active', trace: ['start', 't'], incidents: ['t'] },
  },
  {
    id: 'c_user_task', element: 'User task', behaviour: 'waits for completion; completion variables join the process', camunda8: true,
    xml: bpmnDocument(`${start}${user('approve')}${end()}${chain('start', 'approve', 'end')}`, 'c_user_task'),
    userTasks: { approve: { approved: true } },
    expect: { status: 'completed', trace: ['start', 'approve', 'end'], variables: { approved: true } },
  },
  {
    id: 'c_script_task', element: 'Script task (FEEL)', behaviour: 'evaluates zeebe:script into its result variable', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:scriptTask id="s"><bpmn:extensionElements><zeebe:script expression="=a * 2" resultVariable="b" /></bpmn:extensionElements></bpmn:scriptTask>${end()}${chain('start', 's', 'end')}`, 'c_script_task'),
    variables: { a: 21 },
    expect: { status: 'completed', trace: ['start', 's', 'end'], variables: { a: 21, b: 42 } },
  },
  {
    id: 'c_manual_task', element: 'Manual task, undefined task', behaviour: 'pass straight through', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:manualTask id="m" /><bpmn:task id="t" />${end()}${chain('start', 'm', 't', 'end')}`, 'c_manual_task'),
    expect: { status: 'completed', trace: ['start', 'm', 't', 'end'] },
  },
  {
    id: 'c_business_rule', element: 'Business rule task (DMN)', behaviour: 'evaluates the latest deployed decision into the result variable', camunda8: true,
    decisions: [priorityMatrix],
    xml: bpmnDocument(`${start}<bpmn:businessRuleTask id="prioritise"><bpmn:extensionElements><zeebe:calledDecision decisionId="priority-matrix" resultVariable="priority" /></bpmn:extensionElements></bpmn:businessRuleTask>${end()}${chain('start', 'prioritise', 'end')}`, 'c_business_rule'),
    variables: { impact: 'high', urgency: 'medium' },
    expect: { status: 'completed', trace: ['start', 'prioritise', 'end'], variables: { priority: 'P2' } },
  },
  {
    id: 'c_business_rule_incident', element: 'Business rule task (DMN)', behaviour: 'a decision that cannot be evaluated is an incident, not a silent null', camunda8: true,
    decisions: [priorityMatrix],
    xml: bpmnDocument(`${start}<bpmn:businessRuleTask id="prioritise"><bpmn:extensionElements><zeebe:calledDecision decisionId="priority-matrix" resultVariable="priority" /></bpmn:extensionElements></bpmn:businessRuleTask>${end()}${chain('start', 'prioritise', 'end')}`, 'c_business_rule_incident'),
    variables: { impact: 'enormous', urgency: 'medium' },
    expect: { status: 'active', trace: ['start', 'prioritise'], incidents: ['prioritise'] },
  },
  {
    id: 'c_io_mapping', element: 'Input/output mappings', behaviour: 'inputs are local to the task; only mapped outputs reach the process', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="echo" /><zeebe:taskHeaders><zeebe:header key="raw" value="x" /></zeebe:taskHeaders>
      <zeebe:ioMapping><zeebe:input source="=amount + 1" target="local" /><zeebe:output source="=local * 10" target="total" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>${end()}${chain('start', 't', 'end')}`, 'c_io_mapping'),
    variables: { amount: 4 },
    expect: { status: 'completed', trace: ['start', 't', 'end'], variables: { amount: 4, total: 50 } },
  },
  {
    id: 'c_exclusive', element: 'Exclusive gateway', behaviour: 'takes the first true condition, else the default flow', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:exclusiveGateway id="gw" default="f_other" />${end('big')}${end('other')}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=amount > 100')}${flow('f_other', 'gw', 'other')}`, 'c_exclusive'),
    variables: { amount: 500 },
    expect: { status: 'completed', trace: ['start', 'gw', 'big'] },
  },
  {
    id: 'c_exclusive_default', element: 'Exclusive gateway', behaviour: 'no true condition: the default flow', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:exclusiveGateway id="gw" default="f_other" />${end('big')}${end('other')}${flow('f0', 'start', 'gw')}${flow('f_big', 'gw', 'big', '=amount > 100')}${flow('f_other', 'gw', 'other')}`, 'c_exclusive_default'),
    variables: { amount: 5 },
    expect: { status: 'completed', trace: ['start', 'gw', 'other'] },
  },
  {
    id: 'c_parallel', element: 'Parallel gateway', behaviour: 'forks every branch and joins when all arrive', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:parallelGateway id="fork" />${service('a', 'echo', { a: '1' })}${service('b', 'echo', { b: '2' })}<bpmn:parallelGateway id="join" />${end()}
      ${flow('f0', 'start', 'fork')}${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}${flow('f5', 'join', 'end')}`, 'c_parallel'),
    expect: { status: 'completed', trace: ['start', 'fork', 'a', 'b', 'join', 'end'], variables: { a: '1', b: '2' } },
  },
  {
    id: 'c_inclusive', element: 'Inclusive gateway', behaviour: 'forks every true branch; the join waits only for branches that were taken', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:inclusiveGateway id="fork" />${user('a')}${user('b')}${user('c')}<bpmn:inclusiveGateway id="join" />${end()}
      ${flow('f0', 'start', 'fork')}${flow('fa', 'fork', 'a', '=x > 0')}${flow('fb', 'fork', 'b', '=x > 5')}${flow('fc', 'fork', 'c', '=x > 50')}
      ${flow('ja', 'a', 'join')}${flow('jb', 'b', 'join')}${flow('jc', 'c', 'join')}${flow('f9', 'join', 'end')}`, 'c_inclusive'),
    variables: { x: 10 },
    expect: { status: 'completed', trace: ['start', 'fork', 'a', 'b', 'join', 'end'] },
  },
  {
    id: 'c_inclusive_branch_elsewhere', element: 'Inclusive gateway', behaviour: 'the join does not wait for a branch that can no longer reach it', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:inclusiveGateway id="fork" />${user('a')}${user('b')}<bpmn:inclusiveGateway id="join" />${end()}${end('side')}
      ${flow('f0', 'start', 'fork')}${flow('fa', 'fork', 'a', '=true')}${flow('fb', 'fork', 'b', '=true')}${flow('ja', 'a', 'join')}${flow('jb', 'b', 'side')}${flow('f9', 'join', 'end')}`, 'c_inclusive_branch_elsewhere'),
    expect: { status: 'completed', trace: ['start', 'fork', 'a', 'b', 'join', 'end', 'side'] },
  },
  {
    id: 'c_subprocess', element: 'Embedded subprocess', behaviour: 'runs its own start-to-end, then continues', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" />${service('inner', 'echo', { inner: 'done' })}<bpmn:endEvent id="sub_end" />${chain('sub_start', 'inner', 'sub_end')}</bpmn:subProcess>${end()}${chain('start', 'sub', 'end')}`, 'c_subprocess'),
    expect: { status: 'completed', trace: ['start', 'sub', 'sub_start', 'inner', 'sub_end', 'end'], variables: { inner: 'done' } },
  },
  {
    id: 'c_error_end_boundary', element: 'Error end event, error boundary event', behaviour: 'an error thrown inside a subprocess is caught on its boundary', camunda8: true,
    xml: withErrors(bpmnDocument(`${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="sub_start" /><bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="Error_NO_STOCK" /></bpmn:endEvent>${chain('sub_start', 'throw')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="Error_NO_STOCK" /></bpmn:boundaryEvent>${end()}${end('recovered')}${chain('start', 'sub', 'end')}${flow('fb', 'caught', 'recovered')}`, 'c_error_end_boundary'), 'NO_STOCK'),
    expect: { status: 'completed', trace: ['start', 'sub', 'sub_start', 'throw', 'caught', 'recovered'], variables: { errorCode: 'NO_STOCK' } },
  },
  {
    id: 'c_task_error_boundary', element: 'Error boundary event', behaviour: 'a BPMN error thrown by a service task\'s worker is caught on the task', camunda8: true,
    xml: withErrors(bpmnDocument(`${start}${service('t', 'raise-error', { errorCode: 'SMTP_REFUSED' })}<bpmn:boundaryEvent id="caught" attachedToRef="t"><bpmn:errorEventDefinition errorRef="Error_SMTP_REFUSED" /></bpmn:boundaryEvent>
      ${end()}${end('fallback')}${chain('start', 't', 'end')}${flow('fb', 'caught', 'fallback')}`, 'c_task_error_boundary'), 'SMTP_REFUSED'),
    expect: { status: 'completed', trace: ['start', 't', 'caught', 'fallback'], variables: { errorCode: 'SMTP_REFUSED' } },
  },
  {
    id: 'c_error_two_levels', element: 'Error end event, error boundary event', behaviour: 'an error crosses two subprocess levels to the first boundary that matches its code', camunda8: true,
    xml: withErrors(bpmnDocument(`${start}<bpmn:subProcess id="outer"><bpmn:startEvent id="o_start" /><bpmn:subProcess id="inner"><bpmn:startEvent id="i_start" /><bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="Error_DEEP" /></bpmn:endEvent>${chain('i_start', 'throw')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="wrong_code" attachedToRef="inner"><bpmn:errorEventDefinition errorRef="Error_OTHER" /></bpmn:boundaryEvent><bpmn:endEvent id="o_end" /><bpmn:endEvent id="o_wrong" />${chain('o_start', 'inner', 'o_end')}${flow('fw', 'wrong_code', 'o_wrong')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="caught" attachedToRef="outer"><bpmn:errorEventDefinition errorRef="Error_DEEP" /></bpmn:boundaryEvent>${end()}${end('recovered')}${chain('start', 'outer', 'end')}${flow('fb', 'caught', 'recovered')}`, 'c_error_two_levels'), 'DEEP', 'OTHER'),
    expect: { status: 'completed', trace: ['start', 'outer', 'o_start', 'inner', 'i_start', 'throw', 'caught', 'recovered'], variables: { errorCode: 'DEEP' } },
  },
  {
    id: 'c_terminate_in_subprocess', element: 'Terminate end event', behaviour: 'inside a subprocess it ends only that subprocess, which then completes', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:subProcess id="sub"><bpmn:startEvent id="s_start" /><bpmn:parallelGateway id="fork" />${user('waiting')}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent><bpmn:endEvent id="s_end" />
      ${flow('f0', 's_start', 'fork')}${flow('f1', 'fork', 'waiting')}${flow('f2', 'fork', 'stop')}${flow('f3', 'waiting', 's_end')}</bpmn:subProcess>${end()}${chain('start', 'sub', 'end')}`, 'c_terminate_in_subprocess'),
    expect: { status: 'completed', trace: ['start', 'sub', 's_start', 'fork', 'waiting', 'stop', 'end'] },
  },
  {
    id: 'c_error_uncaught', element: 'Error end event', behaviour: 'an error nobody catches is an incident', camunda8: true,
    xml: withErrors(bpmnDocument(`${start}<bpmn:endEvent id="throw"><bpmn:errorEventDefinition errorRef="Error_BOOM" /></bpmn:endEvent>${chain('start', 'throw')}`, 'c_error_uncaught'), 'BOOM'),
    expect: { status: 'active', trace: ['start', 'throw'], incidents: ['throw'] },
  },
  {
    id: 'c_terminate', element: 'Terminate end event', behaviour: 'ends every other token of its scope', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:parallelGateway id="fork" />${user('waiting')}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>${end()}
      ${flow('f0', 'start', 'fork')}${flow('f1', 'fork', 'waiting')}${flow('f2', 'fork', 'stop')}${flow('f3', 'waiting', 'end')}`, 'c_terminate'),
    expect: { status: 'completed', trace: ['start', 'fork', 'waiting', 'stop'] },
  },
  {
    id: 'c_mi_parallel', element: 'Multi-instance (parallel)', behaviour: 'one inner instance per item; outputs collected in order', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:scriptTask id="each"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=doubled" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:script expression="=item * 2" resultVariable="doubled" /></bpmn:extensionElements></bpmn:scriptTask>${end()}${chain('start', 'each', 'end')}`, 'c_mi_parallel'),
    variables: { items: [1, 2, 3] },
    expect: { status: 'completed', trace: ['start', 'each', 'each', 'each', 'each', 'end'], variables: { results: [2, 4, 6] } },
  },
  {
    id: 'c_mi_sequential', element: 'Multi-instance (sequential)', behaviour: 'one after another; the completion condition stops early', camunda8: true,
    xml: bpmnDocument(`${start}<bpmn:userTask id="review"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer" /></bpmn:extensionElements>
      <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=numberOfCompletedInstances &gt;= 2</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>${end()}${chain('start', 'review', 'end')}`, 'c_mi_sequential'),
    variables: { reviewers: ['ana', 'ben', 'cai'] },
    expect: { status: 'completed', trace: ['start', 'review', 'review', 'review', 'end'] },
  },
  {
    id: 'c_mi_subprocess_error', element: 'Multi-instance (sequential)', behaviour: 'an error in one inner subprocess interrupts the whole multi-instance body', camunda8: true,
    xml: withErrors(bpmnDocument(`${start}<bpmn:subProcess id="each"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=orders" inputElement="order" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="e_start" /><bpmn:exclusiveGateway id="ok" default="fine" /><bpmn:endEvent id="bad"><bpmn:errorEventDefinition errorRef="Error_BAD_ORDER" /></bpmn:endEvent><bpmn:endEvent id="e_end" />
      ${flow('e0', 'e_start', 'ok')}${flow('broken', 'ok', 'bad', '=order < 0')}${flow('fine', 'ok', 'e_end')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="caught" attachedToRef="each"><bpmn:errorEventDefinition errorRef="Error_BAD_ORDER" /></bpmn:boundaryEvent>${end()}${end('rejected')}${chain('start', 'each', 'end')}${flow('fb', 'caught', 'rejected')}`, 'c_mi_subprocess_error'), 'BAD_ORDER'),
    variables: { orders: [5, -1, 7] },
    expect: { status: 'completed', trace: ['start', 'each', 'each', 'e_start', 'ok', 'e_end', 'each', 'e_start', 'ok', 'bad', 'caught', 'rejected'] },
  },
  {
    id: 'c_call_activity', element: 'Call activity', behaviour: 'starts the latest version of the called process; child variables come back', camunda8: true,
    called: [bpmnDocument(`${start}<bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=base + 1" resultVariable="fromChild" /></bpmn:extensionElements></bpmn:scriptTask>${end()}${chain('start', 'calc', 'end')}`, 'c_called_child')],
    xml: bpmnDocument(`${start}<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="c_called_child" propagateAllChildVariables="true" /></bpmn:extensionElements></bpmn:callActivity>${end()}${chain('start', 'call', 'end')}`, 'c_call_activity'),
    variables: { base: 1 },
    expect: { status: 'completed', trace: ['start', 'call', 'end'], variables: { base: 1, fromChild: 2 } },
  },
];
