import { compileProcess, type ProcessGraph } from '../../compiler';
import { compareInstance, totalComparisons, type InstanceComparison } from './compare-replays';
import { fixtureMonth, impactOf, isVendor, MONTH_END, OPEN_FROM, triageXml } from './fixtures/fixture-month';

const SLA = { resolutionMs: 6 * 3_600_000 };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const numbers = (cs: InstanceComparison[]) => cs.map((c) => Number(c.instanceId.replace('ticket-', '')));

describe('what-if replay of a fixture month', () => {
  let today: ProcessGraph;
  const compile = async (xml: string) => (await compileProcess(xml)).graph;
  const replayAll = (candidate: ProcessGraph) => fixtureMonth().map((i) => compareInstance(today, candidate, i, MONTH_END, SLA));

  beforeAll(async () => {
    today = await compile(triageXml());
  });

  it('replays the record on today’s diagram as it happened', () => {
    // given today's diagram as the candidate, when the month is replayed
    const comparisons = replayAll(today);
    // then nothing diverges, the closed tickets completed within the SLA and the open ones wait
    expect(comparisons.filter((c) => c.diverges)).toEqual([]);
    const totals = totalComparisons(comparisons);
    expect(totals.outcomes.recorded).toEqual({ completed: 27, terminated: 0, waiting: 3, incident: 0, 'not-started': 0 });
    expect(comparisons.every((c) => c.recorded.unfit.length === 0 && c.recorded.assumed.length === 0)).toBe(true);
    expect(comparisons.filter((c) => c.recorded.sla === 'met').length).toBe(27);
    expect(comparisons[27]!.recorded.waits).toEqual([{ elementId: 'Confirm', kind: 'userTask', label: 'Confirm' }]);
  });

  it('a new mandatory approval: every ticket now waits there and later completions no longer fit', async () => {
    // given a candidate with an approval after triage
    const comparisons = replayAll(await compile(triageXml({ approval: true })));
    // then every ticket waits at Approve, each later completion is reported, SLAs met become breached
    expect(comparisons.every((c) => c.diverges && c.candidate.status === 'waiting')).toBe(true);
    expect(comparisons.every((c) => c.candidate.waits.map((w) => w.elementId).join() === 'Approve')).toBe(true);
    const unfit = comparisons.flatMap((c) => c.candidate.unfit.map((u) => `${c.instanceId}:${u.elementId}`));
    expect(unfit).toEqual(range(1, OPEN_FROM - 1).map((n) => `ticket-${n}:${isVendor(n) ? 'Vendor' : 'Confirm'}`));
    expect(comparisons[0]!.candidate.unfit[0]!.reason).toBe('Confirm is not open here (the instance waits at Approve)');
    const totals = totalComparisons(comparisons);
    expect(totals).toMatchObject({ instances: 30, diverging: 30, slaChanged: 27 });
    expect(totals.outcomes.candidate).toEqual({ completed: 0, terminated: 0, waiting: 30, incident: 0, 'not-started': 0 });
    expect(totals.elements.find((e) => e.elementId === 'Approve')).toEqual({
      elementId: 'Approve',
      recorded: 0,
      candidate: 30,
      waiting: 30,
      incidents: 0,
      unfit: 0,
    });
  });

  it('a removed branch: the vendor completions are reported, never guessed, and those tickets go by impact', async () => {
    // given a candidate without the vendor branch
    const comparisons = replayAll(await compile(triageXml({ withoutVendor: true })));
    // then exactly the vendor tickets diverge
    const diverging = comparisons.filter((c) => c.diverges);
    expect(numbers(diverging)).toEqual([5, 10, 15, 20, 25, 30]);
    for (const c of diverging) {
      const n = numbers([c])[0]!;
      expect(c.candidate.path).toContain(impactOf(n) > 3 ? 'FixWork' : 'StdWork');
      expect(c.candidate.waits.map((w) => w.elementId)).toEqual(['Confirm']);
      // The work task the vendor case never had in the record finishes with no output, and says so.
      expect(c.candidate.assumed).toEqual([impactOf(n) > 3 ? 'FixWork' : 'StdWork']);
    }
    // ticket 30 was still open at the Vendor task: nothing of it was recorded, so nothing is unfit
    expect(diverging.map((c) => c.candidate.unfit.map((u) => u.reason))).toEqual([
      ...range(1, 5).map(() => ['Vendor is not in this diagram']),
      [],
    ]);
    expect(totalComparisons(comparisons).elements.find((e) => e.elementId === 'Vendor')).toEqual({
      elementId: 'Vendor',
      recorded: 6,
      candidate: 0,
      waiting: 0,
      incidents: 0,
      unfit: 5,
    });
  });

  it('a changed condition: the tickets of impact 4 take the other path and still complete', async () => {
    // given Fix only above impact 4
    const comparisons = replayAll(await compile(triageXml({ fixAbove: 4 })));
    // then exactly the non-vendor tickets of impact 4 diverge, from FixWork to StdWork
    const diverging = comparisons.filter((c) => c.diverges);
    expect(numbers(diverging)).toEqual(range(1, 30).filter((n) => impactOf(n) === 4 && !isVendor(n)));
    expect(numbers(diverging)).toEqual([4, 11, 18]);
    for (const c of diverging) {
      expect(c.reasons).toEqual(['takes StdWork, which the record did not', 'no longer passes FixWork']);
      expect(c.candidate.status).toBe(c.recorded.status);
    }
    const totals = totalComparisons(comparisons);
    expect(totals.elements.filter((e) => e.elementId.endsWith('Work'))).toEqual([
      // 24 non-vendor tickets; impact above 3: 4, 6, 11, 12, 13, 18, 19, 26, 27; above 4: 6, 12, 13, 19, 26, 27
      { elementId: 'FixWork', recorded: 9, candidate: 6, waiting: 0, incidents: 0, unfit: 0 },
      { elementId: 'StdWork', recorded: 15, candidate: 18, waiting: 0, incidents: 0, unfit: 0 },
    ]);
    expect(totals.slaChanged).toBe(0);
  });

  it('a condition that is not boolean: an incident at the gateway for every ticket that reaches it', async () => {
    // given a condition that yields a number
    const comparisons = replayAll(await compile(triageXml({ fixCondition: '=impact' })));
    // then every ticket that is no vendor case (whose flow is taken first) stops at Route with a condition incident
    const failing = comparisons.filter((c) => c.candidate.status === 'incident');
    expect(numbers(failing)).toEqual(range(1, 30).filter((n) => !isVendor(n)));
    expect(new Set(failing.map((c) => `${c.candidate.incidents[0]!.elementId}:${c.candidate.incidents[0]!.type}`))).toEqual(
      new Set(['Route:CONDITION_ERROR']),
    );
    expect(failing.every((c) => c.reasons[0]!.startsWith('incident at Route (CONDITION_ERROR)'))).toBe(true);
    expect(totalComparisons(comparisons).elements.find((e) => e.elementId === 'Route')!.incidents).toBe(24);
  });
});
