import {
  Component,
  ElementRef,
  OnDestroy,
  computed,
  effect,
  inject,
  linkedSignal,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Form } from '@bpmn-io/form-js-viewer';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { StartForm, StartedInstance } from '../../core/api/api-types';
import { DefinitionsStore } from '../../core/api/definitions-store';
import { FlowdeskApi } from '../../core/api/flowdesk-api';
import { renderCamundaForm, showRefusalAtFields, variablesFrom } from '../../shared/task-form/camunda-form';
import { ProblemMessage } from './problem-message';

const DEFAULT_PROCESS_ID = 'incident';

/**
 * Starts a process instance of the active version of a deployed process. A version with a start form
 * (Camunda 8's `zeebe:formDefinition` on its start event) shows that form, rendered by form-js, instead
 * of the JSON box: its answers are the instance's variables, and the API checks them against the form.
 */
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
        @if (startForm()?.form; as form) {
          <div class="field grow">
            <span>{{ formLabel() }}</span>
            <div #formHost class="camunda-form" data-testid="start-form" [attr.data-form-id]="form.formId ?? null"></div>
            <p class="hint">The server checks the answers again.</p>
          </div>
        } @else {
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
        }
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
export class StartInstanceForm implements OnDestroy {
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
  /** The version new instances start on: the active one, else the newest. */
  protected readonly definition = computed(() => {
    const versions = this.store.items().filter((d) => d.processId === this.processId());
    return versions.find((d) => d.active) ?? versions[0];
  });
  private readonly definitionId = computed(() => this.definition()?.id);
  /** That version's start form, once the API said; null while unknown or for a version without one. */
  protected readonly startForm = signal<StartForm | null>(null);
  private readonly formHost = viewChild<ElementRef<HTMLElement>>('formHost');
  private form?: Form;

  constructor() {
    // Keyed by the version's id alone: the list of definitions reloading keeps the form and what was typed into it.
    effect(() => {
      const id = this.definitionId();
      untracked(() => void this.loadStartForm(id));
    });
    // The container exists once the form is known: then form-js renders the schema into it.
    effect(() => {
      const host = this.formHost()?.nativeElement;
      const form = this.startForm()?.form;
      if (!host || !form) return;
      untracked(() => void this.render(host, form.schema));
    });
  }

  ngOnDestroy(): void {
    this.form?.destroy();
  }

  protected formLabel(): string {
    const form = this.startForm()?.form;
    return form?.formId ? `Start form ${form.formId} (version ${form.version})` : 'Start form';
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
  }

  protected async start(event: Event): Promise<void> {
    event.preventDefault();
    const processId = this.processId();
    if (!processId || this.busy()) {
      return;
    }
    const shown = this.startForm()?.form ?? null;
    const variables = variablesFrom(this.form, this.formHost()?.nativeElement, shown ? null : this.variables(), (e) =>
      this.jsonError.set(e),
    );
    if (variables === null) return;
    this.jsonError.set(null);
    this.problem.set(null);
    this.busy.set(true);
    try {
      const businessKey = this.businessKey().trim();
      const instance = await firstValueFrom(
        this.api.startInstance({
          processId,
          ...(businessKey ? { businessKey } : {}),
          ...(variables ? { variables } : {}),
          // the answers are checked against the form of the version they were given for
          ...(shown ? { startForm: true, version: this.definition()!.version } : {}),
        }),
      );
      this.started.set(instance);
      this.businessKey.set('');
      if (shown && this.formHost()) await this.render(this.formHost()!.nativeElement, shown.schema);
      this.instanceStarted.emit(instance);
    } catch (error) {
      this.started.set(null);
      const problem = toApiProblem(error);
      this.problem.set(problem);
      if (this.form) showRefusalAtFields(this.form, problem);
    } finally {
      this.busy.set(false);
    }
  }

  private async loadStartForm(definitionId: string | undefined): Promise<void> {
    this.startForm.set(null);
    this.form?.destroy();
    this.form = undefined;
    if (!definitionId) return;
    try {
      const answer = await firstValueFrom(this.api.startForm(definitionId));
      // the process picked may have changed while the form was asked for
      if (this.definitionId() === definitionId) this.startForm.set(answer);
    } catch {
      // no start form to show (a reader who may not start, a version gone): the JSON box stays
    }
  }

  private async render(host: HTMLElement, schema: Record<string, unknown>): Promise<void> {
    this.form?.destroy();
    this.form = await renderCamundaForm(host, schema, {});
  }
}
