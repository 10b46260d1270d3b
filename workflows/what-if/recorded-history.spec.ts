import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { ProcessInstanceInput, ProcessInstanceResult } from '../bpmn-process/messages';
import type { ProcessInstanceView } from '../../engine/runtime/process-view';
import { replayInstance } from '../../engine/runtime/what-if/replay-instance';
import { recordedFromHistories } from './recorded-history';

const load = (name: string) => {
  const json = JSON.parse(readFileSync(join(__dirname, '../../test/replay/histories', name), 'utf8')) as { history: unknown };
  return temporal.api.history.v1.History.fromObject(json.history as object);
};

/** What the workflow itself last reported: its result, else the view its last update returned. */
function lastView(history: temporal.api.history.v1.IHistory): ProcessInstanceView {
  const views = (history.events ?? []).flatMap((e) => {
    const done = e.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
    if (done) return [defaultPayloadConverter.fromPayload<ProcessInstanceResult>(done as Payload).view];
    const updated = e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0];
    return updated ? [defaultPayloadConverter.fromPayload<ProcessInstanceView>(updated as Payload)] : [];
  });
  return views[views.length - 1]!;
}

/** Where the histories recorded while an instance was still open leave it. */
const expected: Record<string, string[]> = { 'service_request_manager_approved.json': ['ProvideItem', 'SetUpAccess'] };

describe('recorded events from a Temporal history', () => {
  it.each(['incident_lifecycle.local-activities.json', 'service_request_manager_approved.json', 'change_majority_approved.json'])(
    '%s replays on its own graph to where it really ended',
    (file) => {
      // given a recorded history of a shipped process and the graph it ran
      const history = load(file);
      const input = defaultPayloadConverter.fromPayload<ProcessInstanceInput>(
        history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0] as Payload,
      );
      // when its business events are read back and replayed through the interpreter
      const recorded = recordedFromHistories('instance', null, [history]);
      const outcome = replayInstance(input.graph, recorded, Date.UTC(2100, 0, 1));
      // then every event fits and the instance ends where the workflow's last view left it
      expect(recorded.events.some((e) => e.type === 'userTask.completed')).toBe(true);
      expect(outcome.unfit).toEqual([]);
      expect(outcome.incidents).toEqual([]);
      const last = lastView(history);
      if (last.status === 'completed') expect(outcome.status).toBe('completed');
      // The last update's view can predate a local step whose result is recorded after it (MarkInFulfilment).
      else expect(outcome.waits.map((w) => w.elementId)).toEqual(expected[file]);
    },
  );

  it('reads ad-hoc activations back by the sub-process they named, and replays them to where the instance ended', () => {
    // given the history of an ad-hoc sub-process whose elements the activation API named (test/integration/ad-hoc-activation.test.ts)
    const history = load('ad_hoc_activated_by_api.json');
    const input = defaultPayloadConverter.fromPayload<ProcessInstanceInput>(
      history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0] as Payload,
    );
    // when its events are read back
    const recorded = recordedFromHistories('instance', null, [history]);
    // then both activations are there, by the sub-process's element, with the variables each element got
    expect(recorded.events.filter((e) => e.type === 'adHoc.activated')).toEqual([
      expect.objectContaining({ elementId: 'tools', elements: [{ elementId: 'check_printer', variables: { printer: 'PRN-4' } }] }),
      expect.objectContaining({ elementId: 'tools', elements: [{ elementId: 'call_vendor' }] }),
    ]);
    // and on its own graph it replays without a divergence, to the same outputs
    const outcome = replayInstance(input.graph, recorded, Date.UTC(2100, 0, 1));
    expect(outcome).toMatchObject({ status: 'completed', unfit: [], incidents: [] });
  });

  it('reads a timer firing back by the element its summary names, at the time it fired', () => {
    // given the history of a ticket whose Work escalated after two seconds (test/integration/what-if-timers.test.ts)
    const history = load('process_timer_escalation.json');
    const input = defaultPayloadConverter.fromPayload<ProcessInstanceInput>(
      history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0] as Payload,
    );
    // when its events are read back
    const recorded = recordedFromHistories('instance', null, [history]);
    // then the firing is there by element, at the TimerFired event's time, between the completions around it
    const fired = history.events!.find((e) => e.timerFiredEventAttributes)!;
    const at = Number(String(fired.eventTime!.seconds)) * 1000 + Math.floor((fired.eventTime!.nanos ?? 0) / 1e6);
    expect(recorded.timerFiringsRecorded).toBe(true);
    expect(recorded.events.filter((e) => e.type === 'timer.fired')).toEqual([{ type: 'timer.fired', at, elementId: 'Escalate' }]);
    const order = recorded.events.flatMap((e) => (e.type === 'userTask.completed' || e.type === 'timer.fired' ? [e.elementId] : []));
    expect(order).toEqual(['Triage', 'Escalate', 'Escalated']);
    // and on its own graph it fires then and ends as it did
    const outcome = replayInstance(input.graph, recorded, Date.UTC(2100, 0, 1));
    expect(outcome).toMatchObject({ status: 'completed', unfit: [] });
    expect(outcome.timers).toEqual([expect.objectContaining({ elementId: 'Escalate', at, source: 'recorded' })]);
  });

  it('a history whose timers were not named says so, and its replay fires timers when due', () => {
    // given a history recorded before the shell named its timers, with one firing
    const history = load('c_event_gateway_timer.json');
    expect(history.events!.some((e) => e.timerFiredEventAttributes)).toBe(true);
    // when read back, then no firing is guessed and the record says its firings are not named
    const recorded = recordedFromHistories('instance', null, [history]);
    expect(recorded.timerFiringsRecorded).toBe(false);
    expect(recorded.events.some((e) => e.type === 'timer.fired')).toBe(false);
  });
});
