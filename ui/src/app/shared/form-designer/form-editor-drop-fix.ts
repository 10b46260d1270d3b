import type { FormEditor } from '@bpmn-io/form-js-editor';

interface Drake {
  remove(): void;
  cancel(revert?: boolean): void;
}
interface Dragging {
  handleElementDrop(el: Element, target: Element, source: Element, sibling: Element | null, drake: Drake): void;
}

/**
 * form-js-editor 1.23 (the newest editor on our registry) wants preact ≤ 10.15.1, but its properties
 * panel and our form-js viewer 2.0 run on one newer preact, so the UI pins a single preact for all
 * (ui/package.json `overrides`). With preact ≥ 10.16 a dropped field can vanish: dragula has already
 * moved the DOM node that preact then diffs against (bpmn-io/form-js#760). form-js fixed it upstream
 * (bpmn-io/form-js#1529) by reverting dragula's move — `drake.cancel(true)` instead of
 * `drake.remove()` — before the schema change re-renders; this does the same through the editor's
 * own `dragging` service, until an editor with that fix can be installed here.
 */
export function fixDropWithCurrentPreact(editor: FormEditor): void {
  const dragging = editor.get<Dragging>('dragging');
  const original = dragging.handleElementDrop.bind(dragging);
  dragging.handleElementDrop = (el, target, source, sibling, drake) => {
    const reverting: Drake = { remove: () => drake.cancel(true), cancel: (revert) => drake.cancel(revert) };
    original(el, target, source, sibling, reverting);
  };
}
