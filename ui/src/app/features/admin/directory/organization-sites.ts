import { Component, ElementRef, OnChanges, inject, input, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DirectoryApi, Organization, Site, SiteLocation } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { SiteLocationForm } from './site-location-form';

/**
 * A customer's sites: name and postal address, and where each is (WGS 84) for dispatch to measure
 * travel from. The location is its own resource (PUT /sites/{id}/location), so it is set per site.
 */
@Component({
  selector: 'app-organization-sites',
  imports: [FormsModule, ProblemMessage, SiteLocationForm],
  template: `
    <section class="card" [attr.aria-label]="'Sites of ' + organization().name" data-testid="organization-sites">
      <h3>Sites of {{ organization().name }}</h3>
      <ul class="sites">
        @for (s of sites(); track s.id) {
          <li [attr.data-testid]="'site-' + s.name">
            <strong>{{ s.name }}</strong>
            <span class="muted">{{ s.address ?? 'no address' }}</span>
            <span class="muted" data-testid="site-coordinates">{{ coordinates(s) }}</span>
            <button type="button" (click)="edit(s)" [attr.aria-label]="'Edit site ' + s.name" data-testid="site-edit">Edit</button>
            <app-site-location-form [site]="s" [location]="locations()[s.id] ?? null" (saved)="located($event)" />
          </li>
        } @empty {
          <li class="muted">No site yet.</li>
        }
      </ul>
      <form
        class="row"
        (ngSubmit)="save()"
        novalidate
        [attr.aria-label]="editing() ? 'Edit site ' + editing()!.name : 'New site'"
        data-testid="site-form"
      >
        <label class="field"
          ><span>Site name</span
          ><input
            #nameInput
            name="name"
            data-testid="site-name"
            [(ngModel)]="draft.name"
            [attr.aria-invalid]="!!problems().fields['name']"
          />
          <span class="field-error" data-testid="site-name-error">{{ problems().fields['name'] }}</span></label
        >
        <label class="field wide"
          ><span>Address</span
          ><input
            name="address"
            data-testid="site-address"
            [(ngModel)]="draft.address"
            [attr.aria-invalid]="!!problems().fields['address']"
          />
          <span class="field-error" data-testid="site-address-error">{{ problems().fields['address'] }}</span></label
        >
        @if (editing()) {
          <button type="submit" [disabled]="busy()" data-testid="site-save">Save site</button>
          <button type="button" (click)="cancelEdit()" data-testid="site-cancel">Cancel</button>
        } @else {
          <button type="submit" [disabled]="busy()" data-testid="site-create">Add site</button>
        }
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" data-testid="site-problem" />
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
    </section>
  `,
  styles: `
    .sites {
      list-style: none;
      padding: 0;
    }
    .sites li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      align-items: baseline;
      padding: 0.4rem 0;
      border-bottom: 1px solid var(--border);
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
    }
    .wide input {
      min-width: min(22rem, 80vw);
    }
  `,
})
export class OrganizationSites implements OnChanges {
  private readonly api = inject(DirectoryApi);
  readonly organization = input.required<Organization>();
  protected readonly sites = signal<Site[]>([]);
  protected readonly locations = signal<Record<string, SiteLocation>>({});
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected draft = { name: '', address: '' };
  /** The site the form changes; none: it adds one. */
  protected readonly editing = signal<Site | null>(null);
  private readonly nameInput = viewChild<ElementRef<HTMLInputElement>>('nameInput');

  ngOnChanges(): void {
    void this.load();
  }

  protected coordinates(s: Site): string {
    const l = this.locations()[s.id];
    return l ? `${l.latitude}, ${l.longitude}${l.territory ? ` · ${l.territory}` : ''}` : 'not located';
  }

  protected located(l: SiteLocation): void {
    this.locations.update((all) => ({ ...all, [l.siteId]: l }));
  }

  protected edit(s: Site): void {
    this.problems.set(NO_PATH_PROBLEMS);
    this.editing.set(s);
    this.draft = { name: s.name, address: s.address ?? '' };
    this.nameInput()?.nativeElement.focus();
  }

  protected cancelEdit(): void {
    this.editing.set(null);
    this.problems.set(NO_PATH_PROBLEMS);
    this.draft = { name: '', address: '' };
  }

  protected async save(): Promise<void> {
    const editing = this.editing();
    if (!editing) return this.create();
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      const site = await firstValueFrom(
        this.api.updateSite(editing.id, { name: this.draft.name, address: this.draft.address.trim() || null }),
      );
      this.sites.update((list) => list.map((s) => (s.id === site.id ? site : s)));
      this.cancelEdit();
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), ['name', 'address']));
    } finally {
      this.busy.set(false);
    }
  }

  private async create(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      const address = this.draft.address.trim() || null;
      const site = await firstValueFrom(this.api.createSite({ organizationId: this.organization().id, name: this.draft.name, address }));
      this.sites.update((list) => [...list, site]);
      this.draft = { name: '', address: '' };
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), ['name', 'address']));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    this.loadError.set(null);
    try {
      const { items } = await firstValueFrom(this.api.sites(this.organization().id));
      this.sites.set(items);
      // A site without a location answers 404: that is "not located", not a failure.
      const found = await Promise.all(items.map((s) => firstValueFrom(this.api.siteLocation(s.id)).catch(() => null)));
      this.locations.set(Object.fromEntries(found.filter((l): l is SiteLocation => !!l).map((l) => [l.siteId, l])));
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
