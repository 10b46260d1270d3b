import { Component, effect, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { BoardJob, DispatchSuggestion, FieldApi } from '../../core/api/field-api';

/** The reasons one suggestion ranks where it does, in words a dispatcher reads at a glance. */
export function reasonsFor(s: DispatchSuggestion): string[] {
  return [
    s.skillsRequired ? `skills ${s.skillsMet}/${s.skillsRequired}` : 'no skills required',
    s.available ? 'free in the window' : !s.present ? 'absent' : !s.working ? 'not working then' : 'busy then',
    s.inTerritory ? 'in territory' : 'outside territory',
    s.distanceKm === null ? 'distance unknown' : `${s.distanceKm} km away`,
    `${s.load} open job${s.load === 1 ? '' : 's'}`,
  ];
}

/**
 * The ranked technicians for the selected work order (GET /work-orders/{n}/suggestions), each one click from
 * assigned; for a job someone has (`assignedTo`), one click from moved to them.
 */
@Component({
  selector: 'app-suggestions-panel',
  template: `
    <section class="suggestions" data-testid="board-suggestions">
      <h3>{{ assignedTo() ? 'Move' : 'Suggested for' }} {{ job().number }}{{ assignedTo() ? ' to' : '' }}</h3>
      @if (error()) {
        <p class="status error" role="alert">{{ error() }}</p>
      }
      <ol>
        @for (s of items(); track s.technicianId; let i = $index) {
          <li [class.unqualified]="!s.qualified" [attr.data-testid]="'suggestion-' + s.technicianId">
            <strong>{{ s.displayName || s.technicianId.slice(0, 8) }}</strong>
            <span class="reasons">{{ reasons(s).join(' · ') }}</span>
            @if (s.technicianId === assignedTo()) {
              <span class="current">has it now</span>
            } @else {
              <button type="button" [disabled]="busy()" (click)="assign.emit(s)" [attr.data-testid]="'suggestion-assign-' + i">
                {{ assignedTo() ? 'Move here' : 'Assign' }}
              </button>
            }
          </li>
        } @empty {
          <li>{{ loading() ? 'Ranking technicians…' : 'Nobody qualifies.' }}</li>
        }
      </ol>
    </section>
  `,
  styles: `
    .suggestions {
      border-top: 1px solid var(--border);
      margin-top: 0.5rem;
      padding-top: 0.5rem;
    }
    ol {
      padding-left: 1.2rem;
      margin: 0.4rem 0 0;
    }
    li {
      margin-bottom: 0.45rem;
    }
    li.unqualified strong {
      color: var(--muted);
    }
    .current {
      font-size: 0.8rem;
      font-style: italic;
    }
    .reasons {
      display: block;
      font-size: 0.8rem;
      color: var(--muted);
    }
  `,
})
export class SuggestionsPanel {
  private readonly api = inject(FieldApi);
  readonly job = input.required<BoardJob>();
  readonly busy = input(false);
  /** The technician who has the job now, or null when it waits for one. */
  readonly assignedTo = input<string | null>(null);
  readonly assign = output<DispatchSuggestion>();

  protected readonly items = signal<DispatchSuggestion[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly reasons = reasonsFor;

  constructor() {
    effect(() => void this.load(this.job().number));
  }

  private async load(number: string): Promise<void> {
    this.loading.set(true);
    this.items.set([]);
    this.error.set(null);
    try {
      this.items.set((await firstValueFrom(this.api.suggestions(number))).items);
    } catch (err) {
      this.error.set(toApiProblem(err).message);
    } finally {
      this.loading.set(false);
    }
  }
}
