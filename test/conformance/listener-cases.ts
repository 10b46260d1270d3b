/**
 * Conformance cases for Camunda 8's execution and task listeners (issue 16), kept beside the main
 * catalogue (cases.ts) so that file stays a table of elements. Listener jobs use the same task types
 * as service tasks: `append` records that a listener ran, and in which order, in the list variable
 * `ran`; `fail` fails it into an incident.
 */
import { bpmnDocument, flow } from '../../engine/compiler/fixtures/make-bpmn';
import type { ConformanceCase } from './cases';

type Listener = [eventType: string, item: string, type?: string];

/** `<zeebe:executionListeners>` whose listeners `append` their item to `ran` (or run `type`). */
const executionListeners = (...listeners: Listener[]) =>
  `<zeebe:executionListeners>${listeners
    .map(
      ([eventType, item, type = 'append']) =>
        `<zeebe:executionListener eventType="${eventType}" type="${type}" retries="1"><zeebe:taskHeaders><zeebe:header key="list" value="ran" /><zeebe:header key="item" value="${item}" /></zeebe:taskHeaders></zeebe:executionListener>`,
    )
    .join('')}</zeebe:executionListeners>`;
const taskListeners = (...listeners: Array<[eventType: string, type: string]>) =>
  `<zeebe:taskListeners>${listeners
    .map(([eventType, type]) => `<zeebe:taskListener eventType="${eventType}" type="${type}" retries="1" />`)
    .join('')}</zeebe:taskListeners>`;
const ext = (inner: string) => (inner ? `<bpmn:extensionElements>${inner}</bpmn:extensionElements>` : '');
const chain = (...ids: string[]) =>
  ids
    .slice(1)
    .map((id, i) => flow(`f_${ids[i]}_${id}`, ids[i]!, id))
    .join('');
const appendTask = (id: string, item: string, listeners = '') =>
  `<bpmn:serviceTask id="${id}">${ext(
    `<zeebe:taskDefinition type="append" retries="1" /><zeebe:taskHeaders><zeebe:header key="list" value="ran" /><zeebe:header key="item" value="${item}" /></zeebe:taskHeaders>${listeners}`,
  )}</bpmn:serviceTask>`;
const userTask = (id: string, listeners: string) => `<bpmn:userTask id="${id}">${ext(`<zeebe:userTask />${listeners}`)}</bpmn:userTask>`;
/** The process's own `<zeebe:executionListeners>`, put where moddle reads them: the process's extension elements. */
const onProcess = (xml: string, listeners: string) => xml.replace('isExecutable="true">', `isExecutable="true">${ext(listeners)}`);
/** A user task `review` beside a terminate end event: the fork opens the task, the other branch terminates it. */
const terminatedTask = (id: string, listeners: string) =>
  bpmnDocument(
    `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />${userTask('review', listeners)}<bpmn:endEvent id="end" /><bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>${chain('start', 'fork', 'review', 'end')}${flow('f_fork_stop', 'fork', 'stop')}`,
    id,
  );

export const listenerCases: ConformanceCase[] = [
  {
    id: 'c_execution_listeners_task',
    element: 'Execution listeners (start/end)',
    behaviour:
      'start listeners run in model order before the task’s own job, end listeners after it and before the token leaves; their variables merge like a job’s',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${appendTask('t', 'job', executionListeners(['start', 'start-1'], ['end', 'end-1'], ['start', 'start-2']))}<bpmn:endEvent id="end" />${chain('start', 't', 'end')}`,
      'c_execution_listeners_task',
    ),
    expect: { status: 'completed', trace: ['start', 't', 'end'], variables: { ran: ['start-1', 'start-2', 'job', 'end-1'] } },
  },
  {
    id: 'c_execution_listeners_elements',
    element: 'Execution listeners (start/end)',
    behaviour:
      'listeners on events, a gateway and an embedded subprocess: the subprocess’s start listener runs before its children, its end listener after them',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start">${ext(executionListeners(['end', 'start-event']))}</bpmn:startEvent>` +
        `<bpmn:exclusiveGateway id="gw">${ext(executionListeners(['start', 'gateway']))}</bpmn:exclusiveGateway>` +
        `<bpmn:subProcess id="sub">${ext(executionListeners(['start', 'sub-start'], ['end', 'sub-end']))}<bpmn:startEvent id="sub_start" />${appendTask('inner', 'inner')}<bpmn:endEvent id="sub_end" />${chain('sub_start', 'inner', 'sub_end')}</bpmn:subProcess>` +
        `<bpmn:endEvent id="end">${ext(executionListeners(['start', 'end-event']))}</bpmn:endEvent>${chain('start', 'gw', 'sub', 'end')}`,
      'c_execution_listeners_elements',
    ),
    expect: {
      status: 'completed',
      trace: ['start', 'gw', 'sub', 'sub_start', 'inner', 'sub_end', 'end'],
      variables: { ran: ['start-event', 'gateway', 'sub-start', 'inner', 'sub-end', 'end-event'] },
    },
  },
  {
    id: 'c_execution_listener_incident',
    element: 'Execution listeners (start/end)',
    behaviour: 'a start listener that fails with no retries left is an incident on its element, whose own job never starts',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${appendTask('t', 'job', executionListeners(['start', 'broken', 'fail']))}<bpmn:endEvent id="end" />${chain('start', 't', 'end')}`,
      'c_execution_listener_incident',
    ),
    expect: { status: 'active', trace: ['start', 't'], incidents: ['t'], incidentMessage: 'the conformance worker always fails' },
  },
  {
    id: 'c_task_listeners',
    element: 'Task listeners (user tasks)',
    behaviour: 'creating listeners run before the task opens, completing listeners between the completion request and the completion',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${userTask('review', taskListeners(['creating', 'append'], ['completing', 'append']))}<bpmn:endEvent id="end" />${chain('start', 'review', 'end')}`,
      'c_task_listeners',
    ),
    userTasks: { review: { approved: true } },
    expect: { status: 'completed', trace: ['start', 'review', 'end'], variables: { approved: true } },
  },
  {
    id: 'c_task_listener_incident',
    element: 'Task listeners (user tasks)',
    behaviour: 'a creating listener that fails with no retries left is an incident; the task never opens to anyone',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${userTask('review', taskListeners(['creating', 'fail']))}<bpmn:endEvent id="end" />${chain('start', 'review', 'end')}`,
      'c_task_listener_incident',
    ),
    expect: { status: 'active', trace: ['start', 'review'], incidents: ['review'], incidentMessage: 'the conformance worker always fails' },
  },
  {
    id: 'c_task_listener_assigning',
    element: 'Task listeners (user tasks)',
    behaviour: 'assigning listeners run when the open task is assigned through the API; the task opens again once they completed',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${userTask('review', taskListeners(['assigning', 'append']))}<bpmn:endEvent id="end" />${chain('start', 'review', 'end')}`,
      'c_task_listener_assigning',
    ),
    taskChanges: { review: { assignee: 'tomas' } },
    userTasks: { review: { approved: true } },
    expect: { status: 'completed', trace: ['start', 'review', 'end'], variables: { approved: true } },
  },
  {
    id: 'c_task_listener_assigning_incident',
    element: 'Task listeners (user tasks)',
    behaviour: 'an assigning listener that fails with no retries left is an incident; the assignment waits for its retry',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${userTask('review', taskListeners(['assigning', 'fail']))}<bpmn:endEvent id="end" />${chain('start', 'review', 'end')}`,
      'c_task_listener_assigning_incident',
    ),
    taskChanges: { review: { assignee: 'tomas' } },
    expect: { status: 'active', trace: ['start', 'review'], incidents: ['review'], incidentMessage: 'the conformance worker always fails' },
  },
  {
    id: 'c_task_listener_updating_incident',
    element: 'Task listeners (user tasks)',
    behaviour: 'updating listeners run when the task’s candidates, dates or priority change through the API; a failing one is an incident',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${userTask('review', taskListeners(['updating', 'fail']))}<bpmn:endEvent id="end" />${chain('start', 'review', 'end')}`,
      'c_task_listener_updating_incident',
    ),
    taskChanges: { review: { changes: { candidateGroups: ['service-desk'], priority: 80 } } },
    expect: { status: 'active', trace: ['start', 'review'], incidents: ['review'], incidentMessage: 'the conformance worker always fails' },
  },
  {
    id: 'c_task_listener_updating_variables',
    element: 'Task listeners (user tasks)',
    behaviour:
      'updating listeners run when variables are set on the open task’s scope (Camunda 8.8); the variables are the task’s once they completed',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${userTask('review', `${taskListeners(['updating', 'append'])}<zeebe:ioMapping><zeebe:output source="=checked" target="checked" /></zeebe:ioMapping>`)}<bpmn:endEvent id="end" />${chain('start', 'review', 'end')}`,
      'c_task_listener_updating_variables',
    ),
    taskChanges: { review: { variables: { checked: true } } },
    // The output mapping reads the task's own variable: null had it not been set before the completion.
    expect: { status: 'completed', trace: ['start', 'review', 'end'], variables: { checked: true } },
  },
  {
    id: 'c_task_listener_canceling',
    element: 'Task listeners (user tasks)',
    behaviour: 'canceling listeners run when a terminate end event ends the open task; the process completes after them',
    camunda8: true,
    xml: terminatedTask('c_task_listener_canceling', taskListeners(['canceling', 'append'])),
    expect: { status: 'completed', trace: ['start', 'fork', 'review', 'stop'] },
  },
  {
    id: 'c_task_listener_canceling_incident',
    element: 'Task listeners (user tasks)',
    behaviour: 'a canceling listener that fails with no retries left is an incident on the terminated task, holding the process open',
    camunda8: true,
    xml: terminatedTask('c_task_listener_canceling_incident', taskListeners(['canceling', 'fail'])),
    expect: {
      status: 'active',
      trace: ['start', 'fork', 'review', 'stop'],
      incidents: ['review'],
      incidentMessage: 'the conformance worker always fails',
    },
  },
  {
    id: 'c_process_listeners',
    element: 'Execution listeners (start/end)',
    behaviour: 'listeners on the process itself: start ones before the start event, end ones after the last token ended',
    camunda8: true,
    xml: onProcess(
      bpmnDocument(
        `<bpmn:startEvent id="start" />${appendTask('t', 'job')}<bpmn:endEvent id="end" />${chain('start', 't', 'end')}`,
        'c_process_listeners',
      ),
      executionListeners(['end', 'process-end'], ['start', 'process-start']),
    ),
    expect: { status: 'completed', trace: ['start', 't', 'end'], variables: { ran: ['process-start', 'job', 'process-end'] } },
  },
  {
    id: 'c_user_task_form_not_found',
    element: 'User task',
    behaviour: 'a linked form (`zeebe:formDefinition formId`) that is not deployed when the task is reached is a FORM_NOT_FOUND incident',
    camunda8: true,
    xml: bpmnDocument(
      `<bpmn:startEvent id="start" />${userTask('review', '<zeebe:formDefinition formId="c_form_never_deployed" />')}<bpmn:endEvent id="end" />${chain('start', 'review', 'end')}`,
      'c_user_task_form_not_found',
    ),
    expect: { status: 'active', trace: ['start', 'review'], incidents: ['review'], incidentMessage: 'is not deployed' },
  },
];
