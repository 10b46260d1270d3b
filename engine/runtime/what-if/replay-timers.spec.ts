import { compileProcess, type ProcessGraph } from '../../compiler';
import { bpmnDocument, flow, serviceTask } from '../../compiler/fixtures/make-bpmn';
import { compareInstance, totalComparisons } from './compare-replays';
import type { RecordedEvent, RecordedInstance } from './recorded-instance';
import { replayInstance } from './replay-instance';

const MINUTE = 60_000;
/** 2 November 2026, 09:00 UTC: both tickets start then. */
const T0 = Date.UTC(2026, 10, 2, 9);
const HORIZON = Date.UTC(2026, 11, 1);
const SLA = { resolutionMs: 120 * MINUTE };
const iso = (minutes: number, seconds = 0) => new Date(T0 + minutes * MINUTE + seconds * 1000).toISOString();

const userTask = (id: string) => `<bpmn:userTask id="${id}" name="${id}" />`;
const timer = (id: string, on: string, duration: string, interrupting = true) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${on}" cancelActivity="${interrupting}"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;

/**
 * Triage, then Work, which escalates to Escalated after `duration` (PT1H today). A candidate may change
 * the duration, attach the timer to Triage instead, drop the escalation, or add a reminder on Work.
 */
function escalationXml(change: { duration?: string; on?: 'Triage'; without?: boolean; reminder?: boolean } = {}): string {
  return bpmnDocument(
    [
      '<bpmn:startEvent id="Start" />',
      userTask('Triage'),
      userTask('Work'),
      change.without ? '' : userTask('Escalated'),
      '<bpmn:endEvent id="End" />',
      change.without ? '' : '<bpmn:endEvent id="EscalatedEnd" />',
      flow('f_start', 'Start', 'Triage'),
      flow('f_triage', 'Triage', 'Work'),
      flow('f_work', 'Work', 'End'),
      change.without ? '' : flow('f_escalated', 'Escalated', 'EscalatedEnd'),
      change.without ? '' : timer('Escalate', change.on ?? 'Work', change.duration ?? 'PT1H'),
      change.without ? '' : flow('f_escalate', 'Escalate', 'Escalated'),
      change.reminder ? timer('Remind', 'Work', 'PT15M', false) : '',
      change.reminder ? serviceTask('Notify') : '',
      change.reminder ? '<bpmn:endEvent id="Reminded" />' : '',
      change.reminder ? flow('f_remind', 'Remind', 'Notify') : '',
      change.reminder ? flow('f_notify', 'Notify', 'Reminded') : '',
    ]
      .filter(Boolean)
      .join('\n'),
    'escalation',
  );
}

/**
 * Two tickets as Temporal recorded them: `escalated` was triaged after 10 minutes, its Work timer fired
 * at 70 minutes and 2 seconds (a firing lands a little after its due time) and Escalated was done at 90;
 * `quick` was triaged after 10 minutes and its Work done at 40, so its timer never fired.
 */
function recorded(name: 'escalated' | 'quick', timerFiringsRecorded = true): RecordedInstance {
  const done = (minutes: number, elementId: string): RecordedEvent => ({
    type: 'userTask.completed',
    at: T0 + minutes * MINUTE,
    elementId,
    variables: {},
  });
  const events: RecordedEvent[] =
    name === 'escalated'
      ? [done(10, 'Triage'), { type: 'timer.fired', at: T0 + 70 * MINUTE + 2000, elementId: 'Escalate' }, done(90, 'Escalated')]
      : [done(10, 'Triage'), done(40, 'Work')];
  return {
    instanceId: name,
    businessKey: null,
    startedAt: T0,
    variables: {},
    events: timerFiringsRecorded ? events : events.filter((e) => e.type !== 'timer.fired'),
    timerFiringsRecorded,
  };
}

describe('what-if replay of recorded timer firings', () => {
  let today: ProcessGraph;
  const compile = async (xml: string) => (await compileProcess(xml)).graph;
  const compare = (candidate: ProcessGraph, name: 'escalated' | 'quick') => compareInstance(today, candidate, recorded(name), HORIZON, SLA);

  beforeAll(async () => {
    today = await compile(escalationXml());
  });

  it('fires a recorded timer at its recorded time on the diagram it ran, as it happened', () => {
    // given the escalated ticket, when it is replayed on today's diagram
    const outcome = replayInstance(today, recorded('escalated'), HORIZON, SLA);
    // then the timer fires when the record says, not at its due time, and every event fits
    expect(outcome.timers).toEqual([
      { elementId: 'Escalate', at: T0 + 70 * MINUTE + 2000, dueAt: T0 + 70 * MINUTE, source: 'recorded', index: 1 },
    ]);
    expect(outcome).toMatchObject({ status: 'completed', unfit: [], endedAt: T0 + 90 * MINUTE, sla: 'met' });
    expect(outcome.path).toEqual(['Start', 'Triage', 'Work', 'Escalate', 'Escalated', 'EscalatedEnd']);
    expect(compare(today, 'escalated').diverges).toBe(false);
    expect(compare(today, 'quick').diverges).toBe(false);
  });

  it('a shorter timer: the recorded firing keeps its time and says how far the new due time is; a ticket it never fired for now escalates', async () => {
    // given a candidate whose timer is due after 20 minutes instead of an hour
    const candidate = await compile(escalationXml({ duration: 'PT20M' }));
    // when the escalated ticket is replayed, then its firing is the recorded one, with the new due time named
    const escalated = compare(candidate, 'escalated');
    expect(escalated.candidate.timers).toEqual([
      { elementId: 'Escalate', at: T0 + 70 * MINUTE + 2000, dueAt: T0 + 30 * MINUTE, source: 'recorded', index: 1 },
    ]);
    expect(escalated.reasons).toEqual([`timer Escalate fires at its recorded time ${iso(70, 2)}, though here it is due ${iso(30)}`]);
    // and the quick ticket, whose record never fired the timer, escalates at the new due time, before Work was done
    const quick = compare(candidate, 'quick');
    expect(quick.candidate.timers).toEqual([{ elementId: 'Escalate', at: T0 + 30 * MINUTE, dueAt: T0 + 30 * MINUTE, source: 'new' }]);
    expect(quick.reasons).toEqual([
      'now waits at Escalated (userTask), where the record has nothing to move it on',
      'completion of Work no longer fits: Work is not open here (the instance waits at Escalated)',
      `new timer fired: Escalate at ${iso(30)}, its due time (the record never fired it)`,
      'takes Escalate, Escalated, which the record did not',
      'no longer passes End',
      'SLA met becomes breached',
    ]);
  });

  it('a timer moved to Triage: the recorded firing no longer fits and is reported, never guessed, and the SLA breaks', async () => {
    // given a candidate with the escalation on Triage, which the ticket left after 10 minutes
    const candidate = await compile(escalationXml({ on: 'Triage' }));
    // when the escalated ticket is replayed
    const escalated = compare(candidate, 'escalated');
    // then its firing at 70 minutes finds no timer of Escalate armed, and the instance stays at Work
    expect(escalated.candidate.unfit).toEqual([
      {
        index: 1,
        event: `timer Escalate fired at ${iso(70, 2)}`,
        elementId: 'Escalate',
        at: T0 + 70 * MINUTE + 2000,
        reason: 'no timer of Escalate is armed here (the instance waits at Work)',
      },
      {
        index: 2,
        event: 'completion of Escalated',
        elementId: 'Escalated',
        at: T0 + 90 * MINUTE,
        reason: 'Escalated is not open here (the instance waits at Work)',
      },
    ]);
    expect(escalated.candidate).toMatchObject({ status: 'waiting', timers: [], sla: 'breached' });
    expect(escalated.reasons).toContain('SLA met becomes breached');
    expect(compare(candidate, 'quick').diverges).toBe(false);
    // and the heatmap counts the refused firing at the timer's element
    const totals = totalComparisons([escalated, compare(candidate, 'quick')]);
    expect(totals.elements.find((e) => e.elementId === 'Escalate')).toMatchObject({ recorded: 1, candidate: 0, unfit: 1 });
  });

  it('an escalation the candidate no longer has: its recorded firing is named as not in this diagram', async () => {
    const escalated = compare(await compile(escalationXml({ without: true })), 'escalated');
    expect(escalated.candidate.unfit.map((u) => `${u.elementId}: ${u.reason}`)).toEqual([
      'Escalate: Escalate is not in this diagram',
      'Escalated: Escalated is not in this diagram',
    ]);
  });

  it('a new reminder fires at its due time when that comes before the next recorded event, and is reported as new', async () => {
    // given a candidate with a non-interrupting reminder after 15 minutes on Work
    const candidate = await compile(escalationXml({ reminder: true }));
    // when both tickets are replayed, then the reminder fires 25 minutes in on each, and both still end as recorded
    for (const name of ['escalated', 'quick'] as const) {
      const c = compare(candidate, name);
      expect(c.candidate.timers.filter((t) => t.source === 'new')).toEqual([
        { elementId: 'Remind', at: T0 + 25 * MINUTE, dueAt: T0 + 25 * MINUTE, source: 'new' },
      ]);
      expect(c.candidate.status).toBe('completed');
      expect(c.reasons).toEqual([
        `new timer fired: Remind at ${iso(25)}, its due time (the record never fired it)`,
        'takes Remind, Notify, Reminded, which the record did not',
      ]);
      // Notify is new work with no recorded result: it finishes with no output, and says so.
      expect(c.candidate.assumed).toEqual(['Notify']);
    }
  });

  it('a record that does not name its timer firings fires every timer at its due time, as before', async () => {
    // given the escalated ticket as a history from before timers were named (its firing left out)
    const legacy = recorded('escalated', false);
    // when it is replayed on the shorter timer, then the timer fires when due on each graph
    const candidate = await compile(escalationXml({ duration: 'PT20M' }));
    expect(replayInstance(today, legacy, HORIZON).timers).toEqual([
      { elementId: 'Escalate', at: T0 + 70 * MINUTE, dueAt: T0 + 70 * MINUTE, source: 'due' },
    ]);
    expect(replayInstance(candidate, legacy, HORIZON).timers).toEqual([
      { elementId: 'Escalate', at: T0 + 30 * MINUTE, dueAt: T0 + 30 * MINUTE, source: 'due' },
    ]);
  });
});
