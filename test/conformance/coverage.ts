import { conformanceCases } from './cases';

/**
 * BPMN elements a process owner may draw, with Camunda 8's published coverage, so the coverage
 * document shows both columns side by side. Our column is filled from the conformance table:
 * an element is supported only when a case proves it.
 */
const catalogue: Array<{ element: string; camunda8: boolean; plannedIn?: string }> = [
  { element: 'None start event, none end event', camunda8: true },
  { element: 'Service task', camunda8: true },
  { element: 'User task', camunda8: true },
  { element: 'Script task (FEEL)', camunda8: true },
  { element: 'Manual task, undefined task', camunda8: true },
  { element: 'Business rule task (DMN)', camunda8: true },
  { element: 'Send task, receive task', camunda8: true },
  { element: 'Input/output mappings', camunda8: true },
  { element: 'Static mapping values (a source without `=`, `{{secrets.NAME}}`)', camunda8: true },
  { element: 'Execution listeners (start/end)', camunda8: true },
  { element: 'Task listeners (user tasks)', camunda8: true },
  { element: 'Exclusive gateway', camunda8: true },
  { element: 'Parallel gateway', camunda8: true },
  { element: 'Inclusive gateway', camunda8: true },
  { element: 'Event-based gateway', camunda8: true },
  { element: 'Complex gateway', camunda8: false },
  { element: 'Embedded subprocess', camunda8: true },
  { element: 'Call activity', camunda8: true },
  { element: 'Event subprocess', camunda8: true },
  { element: 'Multi-instance (parallel)', camunda8: true },
  { element: 'Multi-instance (sequential)', camunda8: true },
  { element: 'Standard loop', camunda8: false },
  { element: 'Error end event, error boundary event', camunda8: true },
  { element: 'Error boundary event', camunda8: true },
  { element: 'Error end event', camunda8: true },
  { element: 'Terminate end event', camunda8: true },
  { element: 'Timer intermediate catch event', camunda8: true },
  { element: 'Timer boundary event', camunda8: true },
  { element: 'Timer start event', camunda8: true },
  { element: 'Message intermediate catch event', camunda8: true },
  { element: 'Message boundary event', camunda8: true },
  { element: 'Message throw and end events', camunda8: true },
  { element: 'Message start event', camunda8: true },
  { element: 'Signal catch and boundary events', camunda8: true },
  { element: 'Signal throw and end events', camunda8: true },
  { element: 'Signal start event', camunda8: true },
  { element: 'Escalation events', camunda8: true },
  { element: 'Link events', camunda8: true },
  { element: 'Compensation events', camunda8: true },
  { element: 'Conditional events', camunda8: false },
  { element: 'Transaction subprocess, cancel events', camunda8: false },
  { element: 'Ad-hoc subprocess', camunda8: true },
];

/**
 * Camunda 8 features beside the BPMN elements that a diagram from Camunda Modeler relies on, and the
 * specs and tests on real servers that prove them (they are not interpreter behaviour, so no
 * conformance case can).
 */
const beyondElements: Array<{ feature: string; provenBy: string[]; note?: string }> = [
  {
    feature: 'Camunda forms, linked: `zeebe:formDefinition formId` with bindingType latest, deployment, versionTag',
    provenBy: ['engine/compiler/compile-forms.spec.ts', 'test/integration/camunda-forms.test.ts'],
    note: '`.form` files deploy through `POST /v2/deployments` (alone or with processes) and `POST /process-definitions` resources',
  },
  {
    feature:
      "Binding types: `zeebe:calledElement` and `zeebe:calledDecision` `bindingType` latest, deployment, versionTag; the process's and the decision's `zeebe:versionTag`",
    provenBy: [
      'engine/compiler/compile-called-binding.spec.ts',
      'test/integration/called-process-bindings.test.ts',
      'test/integration/camunda-deploy-semantics.test.ts',
    ],
    note: 'a deployment-bound call or task runs the version deployed with the caller (decisions come in `.dmn` parts of `POST /v2/deployments`), a tag-bound one the newest version with the tag',
  },
  {
    feature: 'Camunda forms, embedded: `formKey="camunda-forms:bpmn:…"` and `zeebe:userTaskForm`',
    provenBy: ['engine/compiler/compile-forms.spec.ts', 'test/integration/camunda-forms.test.ts'],
  },
  {
    feature: 'A task’s form rendered with form-js in operate, prefilled from the variables it names',
    provenBy: ['test/e2e/camunda-task-form.test.ts'],
  },
  {
    feature: 'Start forms: `zeebe:formDefinition` (linked or embedded) on the none start event, filled in to start an instance in operate',
    provenBy: ['engine/compiler/compile-forms.spec.ts', 'test/integration/start-forms.test.ts', 'test/e2e/operate-start-form.test.ts'],
    note: "Camunda's `hasStartForm` and `GET /v2/process-definitions/{key}/form`; `POST /process-instances` with `startForm: true` checks the answers",
  },
  {
    feature: 'A ticket’s task with a form (and no `ticket.actions`) rendered on the desk ticket page and completed there',
    provenBy: ['test/e2e/desk-task-form.test.ts'],
    note: "the ticket's `work.waitingAt` names each task's `taskId` and `formKey`",
  },
  {
    feature:
      'User task assignment and update through the API (`POST /tasks/{id}/assignment`, `PATCH /tasks/{id}`), each applied after the task’s assigning or updating listeners',
    provenBy: ['engine/runtime/task-listeners.spec.ts', 'test/conformance/conformance.test.ts'],
  },
  {
    feature:
      'The desk’s ticket assignment (`POST /tickets/{number}/assignment`) hands the ticket’s open tasks to the new assignee through the same assignment, after their assigning listeners',
    provenBy: ['test/integration/task-listener-paths.test.ts'],
    note: 'tasks the diagram gave someone else (an approver) and approval tasks keep their assignee',
  },
  {
    feature:
      'Variables set on an open user task’s scope (`PUT /process-instances/{id}/variables` with its `scopeKey`) set after the task’s updating listeners (Camunda 8.8)',
    provenBy: ['engine/runtime/task-listeners.spec.ts', 'test/integration/task-listener-paths.test.ts'],
    note: 'the listener’s job carries the new values; `changedAttributes` is `["variables"]`',
  },
  {
    feature:
      'A task listener’s job result (Camunda 8.8): `denied` drops the assignment, update or completion and the task shows the reason; `corrections` change the task',
    provenBy: [
      'engine/runtime/task-listener-answers.spec.ts',
      'test/integration/task-listener-results.test.ts',
      'test/e2e/task-listener-denial.test.ts',
    ],
    note: 'the job API refuses what Camunda refuses (a result on another job, a denial from a creating or canceling listener)',
  },
  {
    feature:
      'Deployed forms read back (`GET /form-definitions`, `GET /form-definitions/{formId}`) and reopened in the studio’s form editor; a changed form deploys as its next version',
    provenBy: ['test/integration/task-listener-paths.test.ts', 'test/e2e/studio-reopen-form.test.ts'],
  },
  {
    feature: 'Completion variables checked against the task’s form (required, type, min/max, lengths, pattern, options)',
    provenBy: ['test/integration/camunda-forms.test.ts'],
    note: 'Camunda 8 leaves this to Tasklist; here a bad answer is a 400 naming each field and nothing completes',
  },
];

/** The markdown of docs/bpmn-coverage.md. */
export function renderCoverage(): string {
  const rows = catalogue.map(({ element, camunda8, plannedIn }) => {
    const cases = conformanceCases.filter((c) => c.element === element);
    const ours = cases.length ? `yes (${cases.map((c) => `\`${c.id}\``).join(', ')})` : plannedIn ? `not yet (${plannedIn})` : 'no';
    return `| ${element} | ${ours} | ${camunda8 ? 'yes' : 'no'} |`;
  });
  const unknown = conformanceCases.filter((c) => !catalogue.some((e) => e.element === c.element)).map((c) => c.id);
  if (unknown.length) throw new Error(`conformance cases with an element missing from the catalogue: ${unknown.join(', ')}`);
  const supported = catalogue.filter(({ element }) => conformanceCases.some((c) => c.element === element));
  const camunda = catalogue.filter((e) => e.camunda8);
  return [
    '# BPMN coverage',
    '',
    'Generated from the conformance suite (`test/conformance/cases.ts`) by `npm run docs:coverage`; a test fails when this',
    'file is out of date. "yes" means a conformance case proves the behaviour on the interpreter and on a real Temporal',
    "server. The Camunda 8 column follows Camunda's published BPMN coverage.",
    '',
    `Elements proven here: ${supported.length} of ${catalogue.length}; Camunda 8 supports ${camunda.length}.`,
    '',
    '| element | Flowdesk | Camunda 8 |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '## Cases',
    '',
    '| case | element | behaviour |',
    '| --- | --- | --- |',
    ...conformanceCases.map((c) => `| \`${c.id}\` | ${c.element} | ${c.behaviour} |`),
    '',
    '## Beyond the elements',
    '',
    'Camunda 8 features a diagram from Camunda Modeler relies on that are not interpreter behaviour, with the specs and',
    'tests on real servers that prove them.',
    '',
    '| feature | proven by | note |',
    '| --- | --- | --- |',
    ...beyondElements.map((f) => `| ${f.feature} | ${f.provenBy.map((p) => `\`${p}\``).join(', ')} | ${f.note ?? ''} |`),
    '',
  ].join('\n');
}
