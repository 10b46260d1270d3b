import { Component, inject, input, signal, viewChild } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { FormDefinitionSummary } from '../../../core/api/api-types';
import { FlowdeskApi } from '../../../core/api/flowdesk-api';
import { FormDesigner } from '../../../shared/form-designer/form-designer';
import { FormSchema, StudioForm, StudioForms, formIdOf, newFormSchema } from './studio-forms';

/** What linking a form to the selected task did, in words. */
export type LinkForm = (formId: string) => { ok: boolean; message: string };

/**
 * The studio's form editor (issue 16): Camunda forms (.form, form-js JSON) created here or opened from
 * a file or reopened from the deployed ones, designed in the form-js editor beside a preview of what the
 * assignee will see, linked to the user task selected in the diagram, and deployed with the process by
 * the studio's Deploy (a reopened form, changed, deploys as its next version).
 */
@Component({
  selector: 'app-forms-panel',
  imports: [FormDesigner],
  templateUrl: './forms-panel.html',
  styleUrl: './forms-panel.css',
})
export class FormsPanel {
  protected readonly forms = inject(StudioForms);
  private readonly api = inject(FlowdeskApi);
  /** The forms deployed so far, read when the panel opens and after each deploy. */
  protected readonly deployed = signal<FormDefinitionSummary[]>([]);
  protected readonly chosenDeployed = signal('');
  /** Links a form id to the task selected in the diagram (the studio owns the modeler). */
  readonly link = input.required<LinkForm>();
  protected readonly newId = signal('');
  protected readonly status = signal<{ ok: boolean; message: string } | null>(null);
  private readonly designer = viewChild(FormDesigner);

  protected readonly idOf = (f: StudioForm) => formIdOf(f.schema) || '(no id)';

  constructor() {
    void this.refreshDeployed();
  }

  /** Takes what the editor holds right now, before its preview delay: Deploy must send the last edit. */
  flush(): void {
    const open = this.forms.editing();
    const designer = this.designer();
    if (open && designer) this.forms.update(open.key, designer.current());
  }

  protected create(event: Event): void {
    event.preventDefault();
    const id = this.newId().trim();
    this.report(this.forms.add(newFormSchema(id)), `New form “${id}”: add fields from the palette.`);
    if (!this.status()?.ok) return;
    this.newId.set('');
  }

  protected async onFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let schema: unknown;
    try {
      schema = JSON.parse(await file.text());
    } catch {
      this.status.set({ ok: false, message: `${file.name} is not a form: a .form file is JSON.` });
      return;
    }
    if (typeof schema !== 'object' || schema === null || !Array.isArray((schema as FormSchema).components)) {
      this.status.set({ ok: false, message: `${file.name} is not a form: it has no components.` });
      return;
    }
    this.report(this.forms.add(schema as FormSchema), `Opened ${file.name}.`);
  }

  /** Opens the newest version of a deployed form in the editor, to change it and deploy its next version. */
  protected async openDeployed(event: Event): Promise<void> {
    event.preventDefault();
    const formId = this.chosenDeployed();
    if (!formId) return;
    this.flush();
    try {
      const form = await firstValueFrom(this.api.getForm(formId));
      this.report(
        this.forms.add(form.schema as FormSchema),
        `Opened deployed form “${formId}” v${form.version}: changed, it deploys as version ${form.version + 1}.`,
      );
      if (this.status()?.ok) this.chosenDeployed.set('');
    } catch {
      this.status.set({ ok: false, message: `The deployed form “${formId}” could not be read; try again.` });
    }
  }

  protected open(f: StudioForm): void {
    this.flush();
    this.forms.editingKey.set(f.key);
  }

  protected linkToTask(f: StudioForm): void {
    this.flush();
    this.status.set(this.link()(formIdOf(f.schema)));
  }

  protected download(f: StudioForm): void {
    this.flush();
    const current = this.forms.forms().find((x) => x.key === f.key) ?? f;
    const url = URL.createObjectURL(new Blob([JSON.stringify(current.schema, null, 2)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${formIdOf(current.schema) || 'form'}.form`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  protected remove(f: StudioForm): void {
    this.forms.remove(f.key);
    this.status.set({ ok: true, message: `Removed “${this.idOf(f)}” from this deployment.` });
  }

  /** Reads the deployed forms again: when the panel opens, and after the studio deployed. */
  async refreshDeployed(): Promise<void> {
    try {
      this.deployed.set(await firstValueFrom(this.api.listForms()));
    } catch {
      this.deployed.set([]); // the list is a convenience: the editor works without it
    }
  }

  private report(problem: string | null, done: string): void {
    this.status.set(problem ? { ok: false, message: problem } : { ok: true, message: done });
  }
}
