import { bpmnDocument, flow, serviceTask } from './fixtures/make-bpmn';
import { compileProcess } from './compile-process';
import { RECOMMENDED_RULES } from './lint-definitions';
import { explainLint, LINT_SENTENCES, reportInWords, subjectsOf, UNASSIGNED_USER_TASK_RULE } from './lint-messages';

const gateway = { id: 'Gateway_1', name: 'Outcome?', type: 'bpmn:ExclusiveGateway' };
const task = { id: 'Activity_0x', name: 'Check the cable', type: 'bpmn:ServiceTask' };
const path = { id: 'Flow_7', name: 'not categorised', type: 'bpmn:SequenceFlow' };
const unnamedTask = { id: 'Activity_0y', type: 'bpmn:UserTask' };
const process = { id: 'incident', name: 'Incident', type: 'bpmn:Process' };

describe('lint warnings in words', () => {
  it('has a sentence for every rule of bpmnlint’s recommended set the compiler runs', () => {
    // given the rules the server lints with
    // then none falls back to bpmnlint's own jargon
    expect(RECOMMENDED_RULES.filter((rule) => !LINT_SENTENCES[rule])).toEqual([]);
  });

  it.each([
    [
      'no-implicit-split',
      'Flow splits implicitly',
      task,
      'The task “Check the cable” has several outgoing paths without a gateway, so all of them run at once: add a gateway to say whether one or all should run.',
    ],
    [
      'conditional-flows',
      'Sequence flow is missing condition',
      path,
      'The path “not categorised” has no condition, while other paths out of the same step have one: give it a condition or make it the default path, or the work may stop there with no way to go.',
    ],
    [
      'superfluous-gateway',
      'Gateway is superfluous. It only has one source and target.',
      gateway,
      'The gateway “Outcome?” has one path in and one path out: it decides nothing and can be removed.',
    ],
    [
      'label-required',
      'Element is missing label/name',
      unnamedTask,
      'The task “Activity_0y” has no name: give it one, so people reading the diagram and their task lists know what it is.',
    ],
    [
      'no-implicit-end',
      'Element is an implicit end',
      unnamedTask,
      'The unnamed task “Activity_0y” ends its path without an end event: add one, so it is clear the work stops there.',
    ],
    [
      'end-event-required',
      'Process is missing end event',
      process,
      'The process “Incident” has no end event: add one where the work is finished.',
    ],
    [
      'link-event',
      'Link catch event with link name <BackToWork> missing in scope',
      { id: 'Throw_1', name: 'Back to work', type: 'bpmn:IntermediateThrowEvent' },
      'The event “Back to work” jumps to the link “BackToWork”, but nothing in the same part of the process catches it.',
    ],
    [
      'link-event',
      'Link throw event with link name <BackToWork> missing in scope',
      { id: 'Catch_1', type: 'bpmn:IntermediateCatchEvent' },
      'The unnamed event “Catch_1” waits for the link “BackToWork”, but nothing in the same part of the process jumps to it.',
    ],
    [
      'global',
      'Element is unused',
      { id: 'Message_1', name: 'caller-reply', type: 'bpmn:Message' },
      'The message “caller-reply” is defined but no event or task uses it: use it or remove it.',
    ],
    [
      'superfluous-label',
      'Sequence flow has superfluous label',
      { id: 'Flow_8', type: 'bpmn:SequenceFlow', from: 'Log incident', to: 'Categorised?' },
      'The path from “Log incident” to “Categorised?” has a label but no condition and does not leave a decision: remove the label, or add the condition it describes.',
    ],
    [
      'no-overlapping-elements',
      'Element is outside of parent boundary',
      task,
      'The task “Check the cable” is drawn outside the subprocess it belongs to: move it inside.',
    ],
    [
      UNASSIGNED_USER_TASK_RULE,
      '',
      { id: 'Review', name: 'Review', type: 'bpmn:UserTask' },
      'Nobody will see the task “Review”: it has no assignee, candidate group or candidate user.',
    ],
  ])('%s: “%s” becomes a sentence naming the element', (rule, original, subject, sentence) => {
    expect(explainLint(rule, original, subject)).toBe(sentence);
  });

  it.each(RECOMMENDED_RULES.map((rule) => [rule]))('%s names the element and uses none of bpmnlint’s terms', (rule) => {
    const sentence = explainLint(rule, 'Some bpmnlint message <X>', gateway);
    expect(sentence).toContain('“Outcome?”');
    expect(sentence).not.toMatch(/implicit|sequence flow|bpmndi|<|>/i);
    expect(sentence).toMatch(/^[A-Z].*\.$/);
  });

  it('keeps bpmnlint’s text, after the element, for a rule it has no sentence for', () => {
    expect(explainLint('some-new-rule', 'Element is odd', task)).toBe('The task “Check the cable”: Element is odd');
  });
});

describe('a bpmnlint report in words, as the studio’s live lint shows it', () => {
  // given a moddle tree: a named task, an unnamed gateway in a subprocess, and a path between them
  const check = { $type: 'bpmn:UserTask', id: 'Check', name: ' Check the cable ' };
  const split = { $type: 'bpmn:ExclusiveGateway', id: 'Gateway_1' };
  const path = { $type: 'bpmn:SequenceFlow', id: 'Flow_1', sourceRef: check, targetRef: split };
  const sub = { $type: 'bpmn:SubProcess', id: 'Sub', name: 'Repair', flowElements: [split] };
  const definitions = {
    $type: 'bpmn:Definitions',
    rootElements: [
      { $type: 'bpmn:Process', id: 'repair', flowElements: [check, sub, path] },
      { $type: 'bpmn:Message', id: 'M' },
    ],
  };
  const subjects = subjectsOf(definitions);

  it('finds every element by id, at any depth, with its name, type and the ends of a path', () => {
    expect([...subjects.keys()].sort()).toEqual(['Check', 'Flow_1', 'Gateway_1', 'M', 'Sub', 'repair']);
    expect(subjects.get('Check')).toEqual({ id: 'Check', name: 'Check the cable', type: 'bpmn:UserTask' });
    expect(subjects.get('Flow_1')).toEqual({ id: 'Flow_1', type: 'bpmn:SequenceFlow', from: 'Check the cable', to: 'Gateway_1' });
  });

  it.each([
    ['superfluous-gateway', { id: 'Gateway_1', message: 'Gateway is superfluous.' }, 'The unnamed gateway “Gateway_1” has one path in'],
    ['no-disconnected', { id: 'Check', message: 'Element is not connected' }, 'The task “Check the cable” is not connected'],
    ['superfluous-label', { id: 'Flow_1', message: 'x' }, 'The path from “Check the cable” to “Gateway_1” has a label'],
    ['no-disconnected', { id: 'Gone', message: 'Element is not connected' }, 'The unnamed element “Gone” is not connected'],
    ['some-rule', { message: 'About nothing in particular' }, 'About nothing in particular'],
  ])('%s on %j reads “%s…”', (rule, report, start) => {
    expect(reportInWords(rule, report, subjects).startsWith(start)).toBe(true);
  });
});

describe('compiling a diagram reports the warnings in words, with element and rule', () => {
  const userTask = (id: string, name: string, assignment = '') =>
    `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask />${assignment}</bpmn:extensionElements></bpmn:userTask>`;

  it('warns about a user task nobody is asked to do, by name, and not about assigned ones', async () => {
    // given a process with a task for nobody, and tasks with a group, a user and a FEEL assignee
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" name="Start" />${userTask('Review', 'Review')}
       ${userTask('Approve', 'Approve', '<zeebe:assignmentDefinition candidateGroups="service-desk" />')}
       ${userTask('Sign', 'Sign', '<zeebe:assignmentDefinition candidateUsers="marta" />')}
       ${userTask('Check', 'Check', '<zeebe:assignmentDefinition assignee="=owner" />')}
       <bpmn:endEvent id="e" name="Done" />
       ${flow('f0', 's', 'Review')}${flow('f1', 'Review', 'Approve')}${flow('f2', 'Approve', 'Sign')}${flow('f3', 'Sign', 'Check')}${flow('f4', 'Check', 'e')}`,
    );
    // when it is compiled
    const { warnings } = await compileProcess(xml);
    // then exactly the unassigned task is named, with its id and the rule
    expect(warnings.filter((w) => w.rule === UNASSIGNED_USER_TASK_RULE)).toEqual([
      {
        elementId: 'Review',
        elementName: 'Review',
        rule: UNASSIGNED_USER_TASK_RULE,
        code: `lint/${UNASSIGNED_USER_TASK_RULE}`,
        message: 'Nobody will see the task “Review”: it has no assignee, candidate group or candidate user.',
      },
    ]);
  });

  it('says what an implicit split means, naming the task and keeping its id and rule', async () => {
    const xml = bpmnDocument(
      `<bpmn:startEvent id="s" name="Start" /><bpmn:serviceTask id="Check" name="Check the cable"><bpmn:extensionElements><zeebe:taskDefinition type="audit" /></bpmn:extensionElements><bpmn:outgoing>f1</bpmn:outgoing><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
       ${serviceTask('a')}${serviceTask('b')}<bpmn:endEvent id="e1" name="A" /><bpmn:endEvent id="e2" name="B" />
       ${flow('f0', 's', 'Check')}${flow('f1', 'Check', 'a')}${flow('f2', 'Check', 'b')}${flow('f3', 'a', 'e1')}${flow('f4', 'b', 'e2')}`,
    );
    const { warnings } = await compileProcess(xml);
    expect(warnings).toContainEqual({
      elementId: 'Check',
      elementName: 'Check the cable',
      rule: 'no-implicit-split',
      code: 'lint/no-implicit-split',
      message:
        'The task “Check the cable” has several outgoing paths without a gateway, so all of them run at once: add a gateway to say whether one or all should run.',
    });
    // an element without a name is named by its id, a path by the steps it connects
    expect(warnings.find((w) => w.rule === 'label-required' && w.elementId === 'a')?.message).toBe(
      'The task “a” has no name: give it one, so people reading the diagram and their task lists know what it is.',
    );
    expect(warnings.find((w) => w.rule === 'no-bpmndi' && w.elementId === 'f1')?.message).toBe(
      'The path from “Check the cable” to “a” is part of the process but not drawn in the diagram, so nobody sees it in the studio.',
    );
  });
});
