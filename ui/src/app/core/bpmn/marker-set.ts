import type BaseViewer from 'bpmn-js/lib/BaseViewer';

interface CanvasApi {
  addMarker(element: unknown, marker: string): void;
  removeMarker(element: unknown, marker: string): void;
  scrollToElement(element: unknown): void;
}

interface ElementRegistryApi {
  get(id: string): unknown;
}

/**
 * One marker class (e.g. `validation-error`) applied to a changing set of
 * diagram elements. Unknown element ids are ignored.
 */
export class MarkerSet {
  private marked = new Set<string>();

  constructor(
    private readonly viewer: BaseViewer,
    private readonly marker: string,
  ) {}

  /** Replaces the marked elements; returns the ids that exist in the diagram. */
  set(ids: Iterable<string | null | undefined>): string[] {
    this.clear();
    const canvas = this.viewer.get<CanvasApi>('canvas');
    const registry = this.viewer.get<ElementRegistryApi>('elementRegistry');
    for (const id of ids) {
      if (id && !this.marked.has(id) && registry.get(id)) {
        canvas.addMarker(id, this.marker);
        this.marked.add(id);
      }
    }
    return [...this.marked];
  }

  clear(): void {
    const canvas = this.viewer.get<CanvasApi>('canvas');
    const registry = this.viewer.get<ElementRegistryApi>('elementRegistry');
    for (const id of this.marked) {
      if (registry.get(id)) {
        canvas.removeMarker(id, this.marker);
      }
    }
    this.marked.clear();
  }

  /** Forget the marks without touching the canvas (after a new diagram was imported). */
  forget(): void {
    this.marked.clear();
  }
}

/** Scrolls an element into view and, in a modeler, selects it. */
export function revealElement(viewer: BaseViewer, elementId: string): boolean {
  const element = viewer.get<ElementRegistryApi>('elementRegistry').get(elementId);
  if (!element) {
    return false;
  }
  viewer.get<CanvasApi>('canvas').scrollToElement(element);
  const selection = viewer.get<{ select(element: unknown): void } | null>('selection', false);
  selection?.select(element);
  return true;
}

/** The id of the first executable process in the diagram, if any. */
export function mainProcessId(viewer: BaseViewer): string | null {
  const definitions = viewer.getDefinitions() as { rootElements?: { $type: string; id: string }[] };
  const process = definitions?.rootElements?.find((e) => e.$type === 'bpmn:Process');
  return process?.id ?? null;
}
