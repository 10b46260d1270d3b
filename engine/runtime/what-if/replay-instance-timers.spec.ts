import { compileProcess, type ProcessGraph } from '../../compiler';
import { bpmnDocument, flow } from '../../compiler/fixtures/make-bpmn';
import { compareInstance } from './compare-replays';
import type { RecordedInstance } from './recorded-instance';
import { replayInstance } from './replay-instance';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 2, 9);
const HORIZON = Date.UTC(2026, 11, 1);
const SLA = { resolutionMs: 24 * 60 * MINUTE };

/**
 * A parallel multi-instance subprocess, one inner instance per site: each waits at Visit, whose
 * non-interrupting reminder is due after the site's own `remindAfter`. So two timers of Remind are
 * armed at once, the first-armed one (north) due later than the second (south).
 */
const VISITS = bpmnDocument(
  [
    '<bpmn:startEvent id="Start" />',
    '<bpmn:subProcess id="Visits">',
    '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=sites" inputElement="site" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
    '<bpmn:startEvent id="VisitStart" />',
    '<bpmn:userTask id="Visit" />',
    '<bpmn:endEvent id="VisitEnd" />',
    '<bpmn:boundaryEvent id="Remind" attachedToRef="Visit" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>=site.remindAfter</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
    '<bpmn:endEvent id="Reminded" />',
    flow('f_vs', 'VisitStart', 'Visit'),
    flow('f_ve', 'Visit', 'VisitEnd'),
    flow('f_r', 'Remind', 'Reminded'),
    '</bpmn:subProcess>',
    '<bpmn:endEvent id="End" />',
    flow('f_start', 'Start', 'Visits'),
    flow('f_end', 'Visits', 'End'),
  ].join('\n'),
  'visits',
);

/** As Temporal recorded it: south's reminder fired at 60 minutes and 2 seconds; both visits were done at 90. */
const recorded: RecordedInstance = {
  instanceId: 'visits-1',
  businessKey: null,
  startedAt: T0,
  variables: {
    sites: [
      { name: 'north', remindAfter: 'PT2H' },
      { name: 'south', remindAfter: 'PT1H' },
    ],
  },
  events: [
    { type: 'timer.fired', at: T0 + 60 * MINUTE + 2000, elementId: 'Remind' },
    { type: 'userTask.completed', at: T0 + 90 * MINUTE, elementId: 'Visit', variables: {} },
    { type: 'userTask.completed', at: T0 + 90 * MINUTE, elementId: 'Visit', variables: {} },
  ],
  timerFiringsRecorded: true,
};

describe('what-if replay of a firing when several timers of one element are armed', () => {
  let graph: ProcessGraph;
  beforeAll(async () => {
    graph = (await compileProcess(VISITS)).graph;
  });

  it('fires the armed timer due closest before the recorded firing, not the one armed first', () => {
    // given north's reminder (armed first, due at 120 minutes) and south's (due at 60) both armed
    // when the record's firing at 60 minutes and 2 seconds is replayed on the diagram it ran
    const outcome = replayInstance(graph, recorded, HORIZON, SLA);
    // then it is south's: due at 60, fired at its recorded time, and every event fits
    expect(outcome.timers).toEqual([
      { elementId: 'Remind', at: T0 + 60 * MINUTE + 2000, dueAt: T0 + 60 * MINUTE, source: 'recorded', index: 0 },
    ]);
    expect(outcome).toMatchObject({ status: 'completed', unfit: [], endedAt: T0 + 90 * MINUTE });
    // and the same diagram, replayed against itself, does not diverge
    expect(compareInstance(graph, graph, recorded, HORIZON, SLA).diverges).toBe(false);
  });

  it('without a timer due by the firing, takes the one due first (a clock a little ahead of the server)', () => {
    const early: RecordedInstance = {
      ...recorded,
      events: [{ type: 'timer.fired', at: T0 + 59 * MINUTE, elementId: 'Remind' }, ...recorded.events.slice(1)],
    };
    const outcome = replayInstance(graph, early, HORIZON, SLA);
    expect(outcome.timers[0]).toMatchObject({ elementId: 'Remind', at: T0 + 59 * MINUTE, dueAt: T0 + 60 * MINUTE, source: 'recorded' });
  });
});
