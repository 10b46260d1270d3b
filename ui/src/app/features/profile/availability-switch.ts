import { Component, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../core/api/api-error';
import { MeApi, ProfileUser } from '../../core/api/me-api';
import { ProblemMessage } from '../operate/problem-message';

/**
 * An agent's own away switch (`PUT /me/availability`): while away, routing gives their share of new tickets
 * to the others; the tickets they already hold stay theirs. Saved as soon as it is flipped.
 */
@Component({
  selector: 'app-availability-switch',
  imports: [ProblemMessage],
  template: `
    <section class="card" aria-labelledby="availability-title" data-testid="availability">
      <h2 id="availability-title">New tickets</h2>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="availability-switch"
          [checked]="available()"
          [disabled]="busy()"
          (change)="flip($event)"
        />
        <span>I take new tickets</span>
      </label>
      <p class="hint" role="status" data-testid="availability-state">
        {{
          available()
            ? 'Available: routing may give you new tickets.'
            : 'Away: routing gives new tickets to the others; the ones you hold stay yours.'
        }}
      </p>
      @if (problem(); as p) {
        <app-problem-message [problem]="p" />
      }
    </section>
  `,
  styles: `
    .switch {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font-weight: 600;
    }
    .switch input {
      width: 1.25rem;
      height: 1.25rem;
    }
  `,
})
export class AvailabilitySwitch {
  private readonly api = inject(MeApi);
  readonly available = input.required<boolean>();
  readonly changed = output<ProfileUser>();
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  protected async flip(event: Event): Promise<void> {
    const box = event.target as HTMLInputElement;
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.changed.emit(await firstValueFrom(this.api.setAvailability(box.checked)));
    } catch (err) {
      box.checked = this.available();
      this.problem.set(toApiProblem(err));
    } finally {
      this.busy.set(false);
    }
  }
}
