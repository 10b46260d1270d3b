import type { ProcessGraph } from '../../compiler/process-graph';
import type { Instant } from '../process-state';
import type { RecordedInstance, ReplaySla } from './recorded-instance';
import { replayInstance, type ReplayOutcome, type ReplayStatus } from './replay-instance';

/** One instance side by side: what its recorded events do on the diagram it ran and on the candidate. */
export interface InstanceComparison {
  instanceId: string;
  businessKey: string | null;
  recorded: ReplayOutcome;
  candidate: ReplayOutcome;
  diverges: boolean;
  /** Why it diverges, in words, most telling first; empty when it does not. */
  reasons: string[];
}

/** Per element: how many instances entered it on each diagram, and how many end up waiting or failing there on the candidate. */
export interface ElementTotals {
  elementId: string;
  recorded: number;
  candidate: number;
  waiting: number;
  incidents: number;
  /** Instances the candidate refused an event at this element for (a completion of a task it never opens…). */
  unfit: number;
}

export interface WhatIfTotals {
  instances: number;
  diverging: number;
  slaChanged: number;
  outcomes: Record<'recorded' | 'candidate', Record<ReplayStatus, number>>;
  elements: ElementTotals[];
}

/**
 * Replays an instance on both graphs. Its recorded diagram is replayed too, rather than trusted from a
 * projection, so both sides come from the same events through the same interpreter: a difference is the
 * diagram's, not the replay's.
 */
export function compareInstance(
  recordedGraph: ProcessGraph,
  candidateGraph: ProcessGraph,
  instance: RecordedInstance,
  horizon: Instant,
  sla?: ReplaySla,
): InstanceComparison {
  const recorded = replayInstance(recordedGraph, instance, horizon, sla);
  const candidate = replayInstance(candidateGraph, instance, horizon, sla);
  const reasons = divergence(recorded, candidate);
  return { instanceId: instance.instanceId, businessKey: instance.businessKey, recorded, candidate, diverges: reasons.length > 0, reasons };
}

/** Counts per element and per outcome over every compared instance. */
export function totalComparisons(comparisons: readonly InstanceComparison[]): WhatIfTotals {
  const statuses = (): Record<ReplayStatus, number> => ({ completed: 0, terminated: 0, waiting: 0, incident: 0, 'not-started': 0 });
  const totals: WhatIfTotals = {
    instances: comparisons.length,
    diverging: 0,
    slaChanged: 0,
    outcomes: { recorded: statuses(), candidate: statuses() },
    elements: [],
  };
  const elements = new Map<string, ElementTotals>();
  const at = (elementId: string) => {
    let e = elements.get(elementId);
    if (!e) elements.set(elementId, (e = { elementId, recorded: 0, candidate: 0, waiting: 0, incidents: 0, unfit: 0 }));
    return e;
  };
  for (const c of comparisons) {
    if (c.diverges) totals.diverging++;
    if (c.recorded.sla !== c.candidate.sla) totals.slaChanged++;
    totals.outcomes.recorded[c.recorded.status]++;
    totals.outcomes.candidate[c.candidate.status]++;
    // An instance counts once per element however often it loops through it.
    for (const id of new Set(c.recorded.path)) at(id).recorded++;
    for (const id of new Set(c.candidate.path)) at(id).candidate++;
    for (const id of new Set(c.candidate.waits.map((w) => w.elementId))) at(id).waiting++;
    for (const id of new Set(c.candidate.incidents.map((i) => i.elementId))) at(id).incidents++;
    for (const id of new Set(c.candidate.unfit.flatMap((u) => (u.elementId ? [u.elementId] : [])))) at(id).unfit++;
  }
  totals.elements = [...elements.values()].sort((a, b) => a.elementId.localeCompare(b.elementId));
  return totals;
}

function divergence(recorded: ReplayOutcome, candidate: ReplayOutcome): string[] {
  const reasons: string[] = [];
  for (const i of candidate.incidents) reasons.push(`incident at ${i.elementId} (${i.type}): ${i.message}`);
  const recordedWaits = new Set(recorded.waits.map((w) => `${w.kind}:${w.elementId}`));
  for (const w of candidate.waits)
    if (!recordedWaits.has(`${w.kind}:${w.elementId}`))
      reasons.push(`now waits at ${w.label} (${w.kind}), where the record has nothing to move it on`);
  for (const u of candidate.unfit)
    if (!recorded.unfit.some((r) => r.index === u.index)) reasons.push(`${u.event} no longer fits: ${u.reason}`);
  reasons.push(...timerDivergence(recorded, candidate));
  if (recorded.status !== candidate.status && !reasons.length) reasons.push(`${recorded.status} becomes ${candidate.status}`);
  const before = new Set(recorded.path);
  const after = new Set(candidate.path);
  const entered = [...after].filter((id) => !before.has(id));
  const skipped = [...before].filter((id) => !after.has(id));
  if (entered.length) reasons.push(`takes ${entered.join(', ')}, which the record did not`);
  if (skipped.length) reasons.push(`no longer passes ${skipped.join(', ')}`);
  if (recorded.sla !== candidate.sla && recorded.sla && candidate.sla) reasons.push(`SLA ${recorded.sla} becomes ${candidate.sla}`);
  return reasons;
}

const iso = (at: Instant) => new Date(at).toISOString();

/**
 * Timers the candidate fires that the record never did, and recorded firings the candidate takes at the
 * recorded time although its own timer there is due at another: the replay keeps the recorded time, and
 * says how far the changed timer is from it instead of guessing what would have followed.
 */
function timerDivergence(recorded: ReplayOutcome, candidate: ReplayOutcome): string[] {
  const reasons: string[] = [];
  for (const t of candidate.timers) {
    if (t.source === 'new' && !recorded.timers.some((r) => r.elementId === t.elementId && r.at === t.at))
      reasons.push(`new timer fired: ${t.elementId} at ${iso(t.at)}, its due time (the record never fired it)`);
    const before = t.source === 'recorded' ? recorded.timers.find((r) => r.index === t.index) : undefined;
    if (before && before.dueAt !== t.dueAt)
      reasons.push(`timer ${t.elementId} fires at its recorded time ${iso(t.at)}, though here it is due ${iso(t.dueAt)}`);
  }
  return reasons;
}
