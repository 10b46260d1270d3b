/**
 * What-if benchmark (issue 22): N recorded tickets (default 10,000; the fixture month's thirty shapes
 * repeated) replayed through the pure interpreter on today's triage diagram and on a candidate with a
 * changed condition, side by side, as the what-if activity does. Beside it, measured in the same run,
 * the interpreter's own rate on the engine benchmark's synthetic flow (bench/engine-flow.bpmn: start,
 * service task, gateway, user task, parallel fork of two service tasks, join, end), each instance run
 * to its end the way the workflow shell drives it. Prints tickets/s, instances/s and their ratio
 * (a what-if ticket is two replays, so 0.5 would be parity per replay).
 *
 *   npm run bench:whatif -- [tickets=10000]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileProcess, type ProcessGraph } from '../engine/compiler';
import { startProcess, step } from '../engine/runtime/interpreter';
import type { EngineCommand, ProcessState } from '../engine/runtime/process-state';
import { compareInstance, totalComparisons } from '../engine/runtime/what-if/compare-replays';
import { fixtureMonth, MONTH_END, triageXml } from '../engine/runtime/what-if/fixtures/fixture-month';
import type { RecordedInstance } from '../engine/runtime/what-if/recorded-instance';

const [tickets = 10_000] = process.argv.slice(2).map(Number);

function whatIf(today: ProcessGraph, candidate: ProcessGraph, recorded: RecordedInstance[]): number {
  const started = performance.now();
  const comparisons = recorded.map((r) => compareInstance(today, candidate, r, MONTH_END, { resolutionMs: 6 * 3_600_000 }));
  const totals = totalComparisons(comparisons);
  const seconds = (performance.now() - started) / 1000;
  if (totals.instances !== recorded.length) throw new Error('not every ticket was replayed');
  return recorded.length / seconds;
}

/** The synthetic flow to its end, answering service tasks at once and completing the user task. */
function synthetic(graph: ProcessGraph, n: number): number {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    let now = i;
    let { state, commands } = startProcess(graph, { priority: i % 2 ? 'P1' : 'P3' }, now);
    const drain = (s: ProcessState, cs: EngineCommand[]): ProcessState => {
      const pending = [...cs];
      while (pending.length) {
        const c = pending.shift()!;
        if (c.type !== 'serviceTask.execute') continue;
        const r = step(graph, s, { type: 'serviceTask.completed', elementInstanceKey: c.elementInstanceKey, variables: {} }, ++now);
        s = r.state;
        pending.push(...r.commands);
      }
      return s;
    };
    state = drain(state, commands);
    const task = state.elementInstances.find((e) => e.kind === 'userTask' && e.state === 'active')!;
    ({ state, commands } = step(
      graph,
      state,
      { type: 'userTask.complete', elementInstanceKey: task.key, variables: { resolution: 'fixed' } },
      ++now,
    ));
    state = drain(state, commands);
    if (state.status !== 'completed') throw new Error(`synthetic instance ${i} did not complete`);
  }
  return n / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const today = (await compileProcess(triageXml())).graph;
  const candidate = (await compileProcess(triageXml({ fixAbove: 4 }))).graph;
  const engineFlow = (await compileProcess(readFileSync(join(__dirname, '..', '..', 'bench', 'engine-flow.bpmn'), 'utf8'))).graph;
  const month = fixtureMonth();
  const recorded = Array.from({ length: tickets }, (_, i) => ({ ...month[i % month.length]!, instanceId: `ticket-${i + 1}` }));
  // Warm-up: the first thousand of each, so both figures are of compiled code.
  whatIf(today, candidate, recorded.slice(0, 1000));
  synthetic(engineFlow, 1000);
  const ours = whatIf(today, candidate, recorded);
  const baseline = synthetic(engineFlow, tickets);
  console.log(`what-if replay: ${tickets} tickets, ${ours.toFixed(0)} tickets/s (each replayed on today's diagram and the candidate)`);
  console.log(
    `baseline: the interpreter on the synthetic engine flow, ${tickets} instances to their end, ${baseline.toFixed(0)} instances/s`,
  );
  console.log(`ratio: ${(ours / baseline).toFixed(2)} (what-if tickets per interpreter instance)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
