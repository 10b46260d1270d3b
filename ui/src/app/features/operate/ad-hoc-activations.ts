import { Component, input, output, signal } from '@angular/core';
import { ActivatableAdHoc } from '../../core/api/api-types';

/** One operator's request: activate `elementId` in the ad-hoc sub-process instance `key`, with its own variables. */
export interface AdHocActivationRequest {
  key: number;
  elementId: string;
  variables?: Record<string, unknown>;
}

/**
 * Camunda 8.8's ad-hoc activation, for people: for each active ad-hoc sub-process of the instance, the
 * elements it may activate, and optional variables the element starts with (JSON). The viewer sends it.
 */
@Component({
  selector: 'app-ad-hoc-activations',
  template: `
    @for (a of adHocs(); track a.key) {
      <form
        class="ad-hoc"
        data-testid="ad-hoc-activation"
        [attr.data-element-id]="a.elementId"
        (submit)="$event.preventDefault(); submit(a.key)"
      >
        <label class="field inline">
          <span>Activate in “{{ a.name ?? a.elementId }}”</span>
          <select data-testid="ad-hoc-element" (change)="choose(a.key, value($event))">
            <option value="">element…</option>
            @for (e of a.activatable; track e.elementId) {
              <option [value]="e.elementId">{{ e.name ?? e.elementId }}</option>
            }
          </select>
        </label>
        <label class="field inline">
          <span>with variables</span>
          <input
            data-testid="ad-hoc-variables"
            [value]="variables()[a.key] ?? ''"
            (input)="write(a.key, value($event))"
            placeholder="JSON object (optional)"
          />
        </label>
        <button type="submit" data-testid="ad-hoc-activate-button" [disabled]="busy() || !chosen()[a.key]">Activate</button>
        @if (problems()[a.key]; as p) {
          <span role="alert" class="status error">{{ p }}</span>
        }
      </form>
    }
  `,
  styles: `
    .ad-hoc {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: end;
    }
  `,
})
export class AdHocActivations {
  readonly adHocs = input.required<readonly ActivatableAdHoc[]>();
  readonly busy = input(false);
  readonly activate = output<AdHocActivationRequest>();

  protected readonly chosen = signal<Record<number, string>>({});
  protected readonly variables = signal<Record<number, string>>({});
  protected readonly problems = signal<Record<number, string>>({});

  protected choose(key: number, elementId: string): void {
    this.chosen.set({ ...this.chosen(), [key]: elementId });
  }

  protected write(key: number, text: string): void {
    this.variables.set({ ...this.variables(), [key]: text });
  }

  protected submit(key: number): void {
    const elementId = this.chosen()[key];
    if (!elementId) return;
    const text = (this.variables()[key] ?? '').trim();
    let variables: unknown;
    try {
      variables = text ? JSON.parse(text) : undefined;
    } catch {
      variables = null;
    }
    const valid = variables === undefined || (typeof variables === 'object' && variables !== null && !Array.isArray(variables));
    this.problems.set({ ...this.problems(), [key]: valid ? '' : 'The variables are not a JSON object, such as {"printer": "PRN-4"}' });
    if (valid) this.activate.emit({ key, elementId, ...(variables ? { variables: variables as Record<string, unknown> } : {}) });
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }
}
