import { compileProcess, type ProcessGraph } from '../compiler';
import { bpmnDocument, flow, serviceTask } from '../compiler/fixtures/make-bpmn';
import { startProcess, step } from './interpreter';
import { MigrationRefusedError, migrateState, planMigration } from './migrate-state';
import type { ProcessState } from './process-state';

const userTask = (id: string, name = id) => `<bpmn:userTask id="${id}" name="${name}" />`;
const v1Xml = bpmnDocument(
  [
    '<bpmn:startEvent id="Start" />',
    userTask('Review'),
    '<bpmn:endEvent id="End" />',
    flow('f1', 'Start', 'Review'),
    flow('f2', 'Review', 'End'),
  ].join('\n'),
);
// v2 adds a step after Review; the waiting element keeps its id.
const v2Xml = bpmnDocument(
  [
    '<bpmn:startEvent id="Start" />',
    userTask('Review'),
    userTask('MajorReview', 'Major incident review'),
    '<bpmn:endEvent id="End" />',
    flow('f1', 'Start', 'Review'),
    flow('f2', 'Review', 'MajorReview'),
    flow('f3', 'MajorReview', 'End'),
  ].join('\n'),
);
// v3 renamed Review to Assess, and has a service task where v1 had nothing.
const v3Xml = bpmnDocument(
  [
    '<bpmn:startEvent id="Start" />',
    userTask('Assess'),
    serviceTask('Review'),
    '<bpmn:endEvent id="End" />',
    flow('f1', 'Start', 'Assess'),
    flow('f2', 'Assess', 'Review'),
    flow('f3', 'Review', 'End'),
  ].join('\n'),
);

describe('migrateState', () => {
  let v1: ProcessGraph;
  let v2: ProcessGraph;
  let v3: ProcessGraph;
  let waiting: ProcessState;
  beforeAll(async () => {
    [v1, v2, v3] = (await Promise.all([v1Xml, v2Xml, v3Xml].map(async (xml) => (await compileProcess(xml)).graph))) as [
      ProcessGraph,
      ProcessGraph,
      ProcessGraph,
    ];
    // given an instance of v1 waiting on its user task
    waiting = startProcess(v1, { ticket: 42 }, 1000).state;
  });

  const reviewKey = () => waiting.elementInstances.find((i) => i.elementId === 'Review')!.key;

  it('keeps a token whose element id exists in the target, and the instance then runs on the target graph', () => {
    // when it is migrated to v2 without mappings
    const migrated = migrateState(waiting, v1, v2);
    // then the token is where it was and completing it follows v2's new flow
    expect(migrated.elementInstances.filter((i) => i.state === 'active').map((i) => i.elementId)).toEqual(['Review']);
    const next = step(v2, migrated, { type: 'userTask.complete', elementInstanceKey: reviewKey(), variables: {} }, 2000).state;
    expect(next.elementInstances.filter((i) => i.state === 'active').map((i) => i.elementId)).toEqual(['MajorReview']);
    expect(next.variables).toEqual({ ticket: 42 });
  });

  it('moves a token along an explicit mapping', () => {
    const plan = planMigration(waiting, v1, v3, [{ from: 'Review', to: 'Assess' }]);
    expect(plan).toEqual({
      items: [{ elementInstanceKey: reviewKey(), elementId: 'Review', targetElementId: 'Assess', action: 'map' }],
      problems: [],
    });
    const migrated = migrateState(waiting, v1, v3, [{ from: 'Review', to: 'Assess' }]);
    expect(migrated.elementInstances.find((i) => i.key === reviewKey())).toMatchObject({
      elementId: 'Assess',
      kind: 'userTask',
      state: 'active',
    });
  });

  it.each([
    ['an element of another kind with the same id', v3Xml, [], /is a userTask, but its target Review is a serviceTask/],
    [
      'no element with the same id',
      bpmnDocument(
        [
          '<bpmn:startEvent id="Start" />',
          userTask('Other'),
          '<bpmn:endEvent id="End" />',
          flow('a', 'Start', 'Other'),
          flow('b', 'Other', 'End'),
        ].join('\n'),
      ),
      [],
      /"Review" \(Review\) has no element with the same id/,
    ],
  ])('refuses a token with %s, naming the element', async (_label, xml, mappings, message) => {
    const target = (await compileProcess(xml)).graph;
    const plan = planMigration(waiting, v1, target, mappings);
    expect(plan.problems).toEqual([{ elementId: 'Review', message: expect.stringMatching(message) }]);
    expect(plan.items[0]).toMatchObject({ elementId: 'Review', action: 'refuse' });
    expect(() => migrateState(waiting, v1, target, mappings)).toThrow(MigrationRefusedError);
  });

  it('names a mapping whose ends do not exist', () => {
    const plan = planMigration(waiting, v1, v2, [
      { from: 'Nope', to: 'Review' },
      { from: 'Review', to: 'Gone' },
    ]);
    expect(plan.problems).toEqual([
      { field: 'mappings[0].from', message: expect.stringContaining('"Nope"') },
      { field: 'mappings[1].to', message: expect.stringContaining('"Gone"') },
    ]);
  });

  it('refuses an instance that has ended', () => {
    const ended = step(v1, waiting, { type: 'process.cancel' }, 2000).state;
    expect(() => migrateState(ended, v1, v2)).toThrow(/has ended/);
  });
});
