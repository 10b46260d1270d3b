import { Component, inject, linkedSignal, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { StartedInstance } from '../../core/api/api-types';
import { DefinitionsStore } from '../../core/api/definitions-store';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { parseJsonObject } from '../../core/util/json-object';
import { ProblemMessage } from './problem-message';

const DEFAULT_PROCESS_ID = 'incident';

/** Starts a process instance of the latest version of a deployed process. */
@Component({
  selector: 'app-start-instance-form',
  imports: [ProblemMessage],
  template: `
    <form class="start-form" (submit)="start($event)" aria-labelledby="start-title">
      <h3 id="start-title">Start an instance</h3>
      <div class="start-fields">
        <label class="field">
          <span>Process</span>
          <select data-testid="start-process-select" [value]="processId()" (change)="processId.set(valueOf($event))">
            @for (id of store.processIds(); track id) {
              <option [value]="id" [selected]="id === processId()">{{ id }}</option>
            } @empty {
              <option value="">No deployed process</option>
            }
          </select>
        </label>
        <label class="field">
          <span>Business key <small>(optional)</small></span>
          <input
            type="text"
            data-testid="business-key-input"
            autocomplete="off"
            placeholder="e.g. INC-1042"
            [value]="businessKey()"
            (input)="businessKey.set(valueOf($event))"
          />
        </label>
        <label class="field grow">
          <span>Variables <small>(optional JSON object)</small></span>
          <textarea
            data-testid="start-variables"
            rows="2"
            spellcheck="false"
            placeholder='{"priority": "high"}'
            [attr.aria-invalid]="jsonError() ? true : null"
            aria-describedby="start-variables-error"
            [value]="variables()"
            (input)="variables.set(valueOf($event)); jsonError.set(null)"
          ></textarea>
        </label>
        <button type="submit" class="primary" data-testid="start-instance-button" [disabled]="busy() || !processId()">
          {{ busy() ? 'Starting…' : 'Start instance' }}
        </button>
      </div>
      <div id="start-variables-error" aria-live="polite">
        @if (jsonError(); as err) {
          <p class="field-error" data-testid="start-variables-error">{{ err }}</p>
        }
      </div>
      <div aria-live="polite">
        @if (problem(); as p) {
          <app-problem-message data-testid="start-error" [problem]="p" />
        } @else if (started(); as s) {
          <p class="status success" data-testid="start-status">
            Started {{ s.processId }} v{{ s.version }} — instance <code>{{ s.id }}</code>
          </p>
        }
      </div>
    </form>
  `,
})
export class StartInstanceForm {
  private readonly api = inject(FlowdeskApi);
  protected readonly store = inject(DefinitionsStore);

  /** Emits each instance this form started. */
  readonly instanceStarted = output<StartedInstance>();

  protected readonly processId = linkedSignal<string[], string>({
    source: this.store.processIds,
    computation: (ids, previous) => {
      if (previous && ids.includes(previous.value)) {
        return previous.value;
      }
      return ids.includes(DEFAULT_PROCESS_ID) ? DEFAULT_PROCESS_ID : (ids[0] ?? '');
    },
  });
  protected readonly businessKey = signal('');
  protected readonly variables = signal('');
  protected readonly jsonError = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly started = signal<StartedInstance | null>(null);
  protected readonly busy = signal(false);

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
  }

  protected async start(event: Event): Promise<void> {
    event.preventDefault();
    const processId = this.processId();
    if (!processId || this.busy()) {
      return;
    }
    const parsed = parseJsonObject(this.variables());
    if (!parsed.ok) {
      this.jsonError.set(parsed.error);
      return;
    }
    this.jsonError.set(null);
    this.problem.set(null);
    this.busy.set(true);
    try {
      const businessKey = this.businessKey().trim();
      const instance = await firstValueFrom(
        this.api.startInstance({
          processId,
          ...(businessKey ? { businessKey } : {}),
          ...(parsed.value ? { variables: parsed.value } : {}),
        }),
      );
      this.started.set(instance);
      this.businessKey.set('');
      this.instanceStarted.emit(instance);
    } catch (error) {
      this.started.set(null);
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
