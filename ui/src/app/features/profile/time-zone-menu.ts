import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { toApiProblem } from '../../core/api/api-error';
import { BROWSER_TIME_ZONE, UserTimeZone, knownTimeZones } from '../../core/time/user-time-zone';

/**
 * The header's "Times shown in …": opens to the signed-in person's time zone, stored on their profile
 * (`PATCH /me {timeZone}`). "This browser's" stores none, so the browser's zone applies wherever they sign in.
 */
@Component({
  selector: 'app-time-zone-menu',
  imports: [FormsModule],
  template: `
    <details class="tz-menu" data-testid="time-zone-menu" #menu (toggle)="toggled(menu)">
      <summary [title]="'All times are shown in ' + zone.zone() + '; choose another'">
        Times shown in <span data-testid="time-zone">{{ zone.zone() }}</span>
      </summary>
      <form class="tz-form" (ngSubmit)="save(menu)">
        <label>
          <span>Your time zone</span>
          <select name="zone" [(ngModel)]="choice" (ngModelChange)="picked = true" data-testid="time-zone-select">
            <option value="">This browser’s ({{ browser }})</option>
            @for (z of zones; track z) {
              <option [value]="z">{{ z }}</option>
            }
          </select>
        </label>
        <button type="submit" class="primary" [disabled]="saving()" data-testid="time-zone-save">Save</button>
        @if (problem(); as p) {
          <p role="alert" class="problem">{{ p }}</p>
        }
      </form>
    </details>
  `,
  styles: `
    .tz-menu {
      position: relative;
    }
    summary {
      cursor: pointer;
    }
    .tz-form {
      position: absolute;
      right: 0;
      z-index: 20;
      display: grid;
      gap: 0.5rem;
      min-width: 16rem;
      margin-top: 0.25rem;
      padding: 0.75rem;
      border: 1px solid var(--border, #d0d7de);
      border-radius: 6px;
      background: #fff;
      color: #1f2328;
      text-align: left;
      box-shadow: 0 4px 12px rgb(0 0 0 / 15%);
    }
    label {
      display: grid;
      gap: 0.25rem;
    }
    select {
      max-width: 100%;
    }
    .problem {
      margin: 0;
      color: #b42318;
    }
  `,
})
export class TimeZoneMenu {
  protected readonly zone = inject(UserTimeZone);
  protected readonly browser = BROWSER_TIME_ZONE;
  protected readonly zones = knownTimeZones();
  protected choice = this.zone.chosen() ?? '';
  protected readonly saving = signal(false);
  protected readonly problem = signal<string | null>(null);
  /** Whether the person picked a zone since the menu opened. */
  protected picked = false;

  /**
   * Opening the menu shows the zone saved on the profile (it may have loaded since), unless a zone was already
   * picked: the browser fires `toggle` a moment after the click that opens it, and a quick pick must not be undone.
   */
  protected toggled(menu: HTMLDetailsElement): void {
    if (!menu.open) this.picked = false;
    else if (!this.picked) this.choice = this.zone.chosen() ?? '';
  }

  protected async save(menu: HTMLDetailsElement): Promise<void> {
    this.saving.set(true);
    this.problem.set(null);
    try {
      await this.zone.save(this.choice || null);
      menu.open = false;
    } catch (error) {
      this.problem.set(toApiProblem(error).message);
    } finally {
      this.saving.set(false);
    }
  }
}
