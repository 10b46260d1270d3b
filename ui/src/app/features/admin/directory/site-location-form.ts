import { Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { DirectoryApi, Site, SiteLocation } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

/** Sets where one site is; the API checks the ranges and the territory key and names the field it refuses. */
@Component({
  selector: 'app-site-location-form',
  imports: [FormsModule, ProblemMessage],
  template: `
    @if (open()) {
      <form class="row" (ngSubmit)="save()" novalidate [attr.aria-label]="'Location of ' + site().name" data-testid="site-location-form">
        <label class="field"
          ><span>Latitude</span
          ><input
            name="latitude"
            inputmode="decimal"
            data-testid="site-latitude"
            [(ngModel)]="latitude"
            [attr.aria-invalid]="!!problems().fields['latitude']"
          />
          <span class="field-error" data-testid="site-latitude-error">{{ problems().fields['latitude'] }}</span></label
        >
        <label class="field"
          ><span>Longitude</span
          ><input
            name="longitude"
            inputmode="decimal"
            data-testid="site-longitude"
            [(ngModel)]="longitude"
            [attr.aria-invalid]="!!problems().fields['longitude']"
          />
          <span class="field-error" data-testid="site-longitude-error">{{ problems().fields['longitude'] }}</span></label
        >
        <label class="field"
          ><span>Territory <small>(optional)</small></span
          ><input name="territory" data-testid="site-territory" [(ngModel)]="territory" />
          <span class="field-error">{{ problems().fields['territory'] }}</span></label
        >
        <button type="submit" data-testid="site-location-save">Save location</button>
        <button type="button" (click)="open.set(false)">Cancel</button>
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" />
      }
    } @else {
      <button type="button" (click)="start()" [attr.aria-label]="'Set location of ' + site().name" data-testid="site-locate">
        Set location
      </button>
    }
  `,
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
      width: 100%;
    }
    input {
      max-width: 10rem;
    }
  `,
})
export class SiteLocationForm {
  private readonly api = inject(DirectoryApi);
  readonly site = input.required<Site>();
  readonly location = input<SiteLocation | null>(null);
  readonly saved = output<SiteLocation>();
  protected readonly open = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected latitude = '';
  protected longitude = '';
  protected territory = '';

  protected start(): void {
    const l = this.location();
    this.latitude = l ? String(l.latitude) : '';
    this.longitude = l ? String(l.longitude) : '';
    this.territory = l?.territory ?? '';
    this.problems.set(NO_PATH_PROBLEMS);
    this.open.set(true);
  }

  protected async save(): Promise<void> {
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      // Sent as typed (a number when it reads as one), so the API's own message names a wrong field.
      const num = (v: string) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
      const body = { latitude: num(this.latitude), longitude: num(this.longitude), territory: this.territory.trim() || null };
      this.saved.emit(
        await firstValueFrom(
          this.api.setSiteLocation(this.site().id, body as { latitude: number; longitude: number; territory: string | null }),
        ),
      );
      this.open.set(false);
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), ['latitude', 'longitude', 'territory']));
    }
  }
}
