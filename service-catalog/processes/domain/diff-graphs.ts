import type { ProcessGraph } from '../../../engine/compiler';

export interface ElementChange {
  id: string;
  kind: string;
  name?: string;
  /** For a changed element: which of its compiled properties differ (e.g. `taskDefinition`, `condition`). */
  fields?: string[];
}

export interface GraphDiff {
  added: ElementChange[];
  removed: ElementChange[];
  changed: ElementChange[];
}

/**
 * Elements (flow nodes and sequence flows) added, removed or changed by id between two compiled
 * versions. Compares the executable graph, not the XML, so moving a shape on the canvas is no change.
 */
export function diffGraphs(base: ProcessGraph, target: ProcessGraph): GraphDiff {
  const describe = (g: ProcessGraph) =>
    new Map<string, { kind: string; name?: string; props: Record<string, unknown> }>([
      ...Object.values(g.elements).map(
        (e) => [e.id, { kind: e.kind, ...(e.name ? { name: e.name } : {}), props: e as unknown as Record<string, unknown> }] as const,
      ),
      ...Object.values(g.flows).map(
        (f) =>
          [f.id, { kind: 'sequenceFlow', ...(f.name ? { name: f.name } : {}), props: f as unknown as Record<string, unknown> }] as const,
      ),
    ]);
  const before = describe(base);
  const after = describe(target);
  const entry = (id: string, d: { kind: string; name?: string }) => ({ id, kind: d.kind, ...(d.name ? { name: d.name } : {}) });
  const diff: GraphDiff = { added: [], removed: [], changed: [] };
  for (const [id, d] of after) if (!before.has(id)) diff.added.push(entry(id, d));
  for (const [id, d] of before) if (!after.has(id)) diff.removed.push(entry(id, d));
  for (const [id, d] of after) {
    const old = before.get(id);
    if (!old) continue;
    const keys = new Set([...Object.keys(old.props), ...Object.keys(d.props)]);
    const fields = [...keys].filter((k) => stable(old.props[k]) !== stable(d.props[k])).sort();
    if (fields.length) diff.changed.push({ ...entry(id, d), fields });
  }
  return diff;
}

function stable(value: unknown): string {
  return (
    JSON.stringify(value, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
        : v,
    ) ?? 'undefined'
  );
}
