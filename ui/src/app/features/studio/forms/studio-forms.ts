import { Injectable, computed, signal } from '@angular/core';
import { FormResource } from '../../../core/api/api-types';

/** A form's JSON as form-js keeps it: `id` is the form id user tasks link to. */
export type FormSchema = { components: unknown[] } & Record<string, unknown>;

/** One form being edited in the studio; `key` stays put while its id is edited. */
export interface StudioForm {
  key: number;
  schema: FormSchema;
}

/** The ids Camunda (and the server) accept for a form: a user task's `formId` names it. */
export const FORM_ID = /^[A-Za-z_][\w.-]{0,254}$/;

/**
 * The Camunda forms that deploy with the diagram in the studio, kept while the form editor opens and
 * closes: the studio sends them in the same atomic deployment as the process (POST /process-definitions
 * with `resources`), so a task's linked form and the process arrive together or not at all.
 */
@Injectable()
export class StudioForms {
  private next = 1;
  readonly forms = signal<StudioForm[]>([]);
  /** The key of the form open in the editor. */
  readonly editingKey = signal<number | null>(null);
  readonly editing = computed(() => this.forms().find((f) => f.key === this.editingKey()) ?? null);

  /** Adds a form and opens it; the reason it cannot, in words, otherwise. */
  add(schema: FormSchema): string | null {
    const id = formIdOf(schema);
    if (!FORM_ID.test(id)) return `“${id}” cannot be a form id: use letters, digits, _ . and -, starting with a letter or _.`;
    if (this.forms().some((f) => formIdOf(f.schema) === id)) return `A form with the id “${id}” is already in this deployment.`;
    const key = this.next++;
    this.forms.update((all) => [...all, { key, schema }]);
    this.editingKey.set(key);
    return null;
  }

  update(key: number, schema: FormSchema): void {
    this.forms.update((all) => all.map((f) => (f.key === key ? { key, schema } : f)));
  }

  remove(key: number): void {
    this.forms.update((all) => all.filter((f) => f.key !== key));
    if (this.editingKey() === key) this.editingKey.set(this.forms()[0]?.key ?? null);
  }

  /** The forms as deployment resources, named `<id>.form` as Camunda Modeler saves them. */
  resources(): FormResource[] {
    return this.forms().map((f) => ({ name: `${formIdOf(f.schema)}.form`, form: f.schema }));
  }
}

export function formIdOf(schema: FormSchema): string {
  return typeof schema['id'] === 'string' ? schema['id'] : '';
}

/** form-js's empty form, with the id a task links to (the editor adds its own schemaVersion on save). */
export function newFormSchema(id: string): FormSchema {
  return { id, type: 'default', components: [] };
}
