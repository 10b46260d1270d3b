import type { CompiledDecision } from './decision-graph';
import type { ProblemSink } from './decision-problem';

/**
 * The decision requirements graph must be closed and acyclic: evaluation walks required decisions
 * depth-first, so a missing one would fail at run time and a cycle would never end (DMN 1.3 §6.3.2
 * forbids cycles too). Each cycle is reported once, on the decision where the walk closes it.
 */
export function checkRequirements(decisions: Record<string, CompiledDecision>, sink: ProblemSink): void {
  for (const decision of Object.values(decisions)) {
    for (const required of decision.requiredDecisions) {
      if (!decisions[required]) {
        sink.forDecision(decision.id, decision.name)(
          'MISSING_REQUIRED_DECISION',
          `requires decision "${required}", which is not in this document`,
          { field: 'informationRequirement' },
        );
      }
    }
  }

  const done = new Set<string>();
  const path: string[] = [];
  const visit = (id: string): void => {
    const decision = decisions[id];
    if (!decision || done.has(id)) return;
    const loopStart = path.indexOf(id);
    if (loopStart >= 0) {
      const cycle = [...path.slice(loopStart), id].join(' → ');
      const last = decisions[path[path.length - 1]!]!;
      sink.forDecision(last.id, last.name)('DECISION_CYCLE', `required decisions form a cycle: ${cycle}`, {
        field: 'informationRequirement',
      });
      return;
    }
    path.push(id);
    decision.requiredDecisions.forEach(visit);
    path.pop();
    done.add(id);
  };
  Object.keys(decisions).forEach(visit);
}
