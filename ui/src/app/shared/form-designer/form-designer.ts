import { Component, ElementRef, OnDestroy, afterNextRender, input, output, signal, viewChild } from '@angular/core';
import { FormEditor } from '@bpmn-io/form-js-editor';
import { Form } from '@bpmn-io/form-js-viewer';
import { fixDropWithCurrentPreact } from './form-editor-drop-fix';

type Schema = { components: unknown[] } & Record<string, unknown>;
/** form-js's own empty form. */
export const EMPTY_FORM: Schema = { type: 'default', components: [] };

const PREVIEW_DELAY_MS = 200;

/**
 * A form designed in the form-js editor (palette, canvas, properties panel) beside a live preview
 * rendered by the same form-js viewer the portal and the desk use, so its author sees what the person
 * filling it will see, and can try answers against the form's own checks: a catalog item's request
 * form, or a Camunda form that a user task of a process links to.
 */
@Component({
  selector: 'app-form-designer',
  template: `
    <div class="designer">
      <!-- bio-theme-parent: the form-js 2.0 stylesheet takes its colours from such an ancestor (the editor's 1.23 canvas sets none). -->
      <div #editorHost class="editor bio-theme-parent" data-testid="form-editor"></div>
      <aside class="preview" aria-labelledby="preview-title">
        <h4 id="preview-title">{{ previewTitle() }}</h4>
        <div #previewHost data-testid="form-preview" [attr.data-pending]="pending() || null"></div>
        <button type="button" data-testid="form-preview-check" (click)="check()">Check answers</button>
        <p class="muted" data-testid="form-preview-result" aria-live="polite">{{ checkResult() }}</p>
      </aside>
    </div>
  `,
  styles: `
    .designer {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 20rem;
      gap: 1rem;
      align-items: start;
    }
    @media (max-width: 1200px) {
      .designer {
        grid-template-columns: 1fr;
      }
    }
    .editor {
      height: 34rem;
      border: 1px solid #d8dee4;
      border-radius: 6px;
      overflow: hidden;
    }
    .preview {
      border: 1px dashed #9aa7b5;
      border-radius: 6px;
      padding: 0.75rem;
      background: #fbfcfd;
    }
    .preview h4 {
      margin: 0 0 0.5rem;
    }
  `,
})
export class FormDesigner implements OnDestroy {
  /** Whose view the preview shows. */
  readonly previewTitle = input('What the requester sees');
  /** The schema to start from; read once, when the editor starts. */
  readonly schema = input<Schema>(EMPTY_FORM);
  /** The schema as the editor has it now, after every change. */
  readonly schemaChange = output<Schema>();
  protected readonly checkResult = signal('');
  /** A change the preview does not show yet. */
  protected readonly pending = signal(false);
  private readonly editorHost = viewChild.required<ElementRef<HTMLElement>>('editorHost');
  private readonly previewHost = viewChild.required<ElementRef<HTMLElement>>('previewHost');
  private editor?: FormEditor;
  private preview?: Form;
  private timer?: ReturnType<typeof setTimeout>;
  /** The schema the preview shows, as JSON. */
  private shown = '';

  constructor() {
    afterNextRender(() => void this.start());
  }

  ngOnDestroy(): void {
    clearTimeout(this.timer);
    this.editor?.destroy();
    this.preview?.destroy();
  }

  /** The schema as it would be saved now. */
  current(): Schema {
    return (this.editor?.saveSchema() as Schema | undefined) ?? this.schema();
  }

  /** Selects the component at `path` (`components.2`, `components.1.components.0`) in the editor. */
  reveal(path: string): void {
    if (!this.editor) return;
    const component = componentAt(this.current(), path);
    const id = component?.['id'];
    if (typeof id !== 'string') return;
    const field = this.editor.get<{ get(id: string): unknown }>('formFieldRegistry').get(id);
    if (field) this.editor.get<{ set(field: unknown): void }>('selection').set(field);
  }

  /** Runs the preview's own checks as a requester's submit would. */
  protected check(): void {
    if (!this.preview) return;
    const { errors } = this.preview.submit();
    const bad = Object.keys(errors).length;
    this.checkResult.set(bad ? `${bad} field(s) would be refused: see the marks in the preview.` : 'These answers pass the form.');
  }

  private async start(): Promise<void> {
    // Without the editor's input debounce, what was typed last is in the schema when Save is clicked.
    this.editor = new FormEditor({ container: this.editorHost().nativeElement, debounce: false });
    fixDropWithCurrentPreact(this.editor);
    this.preview = new Form({ container: this.previewHost().nativeElement });
    await this.editor.importSchema(this.schema());
    this.shown = JSON.stringify(this.current());
    await this.preview.importSchema(this.current());
    this.editor.on('changed', () => {
      this.pending.set(true);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), PREVIEW_DELAY_MS);
    });
  }

  private async refresh(): Promise<void> {
    const schema = this.current();
    // Leaving a properties panel field reports a change even when nothing changed: keep the answers tried.
    const json = JSON.stringify(schema);
    if (json !== this.shown) {
      this.shown = json;
      this.schemaChange.emit(schema);
      this.checkResult.set('');
      await this.preview?.importSchema(schema);
    }
    this.pending.set(false);
  }
}

/** The component a payload path names inside a schema, if there is one. */
export function componentAt(schema: Schema, path: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}
