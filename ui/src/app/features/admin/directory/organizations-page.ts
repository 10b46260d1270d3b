import { Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DirectoryApi, Organization } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { loadAll } from './load-all';
import { OrganizationContracts } from './organization-contracts';
import { OrganizationSites } from './organization-sites';

/**
 * Customer organisations: each tenant the desk serves, with its sites (where technicians go) and its
 * contracts (the SLA terms it bought). Choosing one opens both below the list.
 */
@Component({
  selector: 'app-organizations-page',
  imports: [AdminNav, FormsModule, OrganizationContracts, OrganizationSites, ProblemMessage],
  template: `
    <app-admin-nav />
    <section class="card" aria-labelledby="orgs-title" data-testid="organizations-admin">
      <header class="card-header">
        <div>
          <h2 id="orgs-title">Customer organisations</h2>
          <p class="hint">Each customer sees only its own tickets; agents serve the customers set on their user.</p>
        </div>
      </header>
      <form class="row" (ngSubmit)="create()" novalidate aria-label="New organisation">
        <label class="field"
          ><span>New organisation</span
          ><input name="name" data-testid="organization-name" [(ngModel)]="newName" [attr.aria-invalid]="!!problems().fields['name']" />
          <span class="field-error" data-testid="organization-name-error">{{ problems().fields['name'] }}</span></label
        >
        <button type="submit" [disabled]="busy()" data-testid="organization-create">Add</button>
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" data-testid="organization-problem" />
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
      <ul class="orgs">
        @for (o of organizations(); track o.id) {
          <li [attr.data-testid]="'organization-' + o.name" [class.selected]="o.id === selectedId()">
            @if (renaming() === o.id) {
              <form class="row" (ngSubmit)="rename(o)" aria-label="Rename organisation">
                <label class="field"
                  ><span>Name</span><input name="rename" data-testid="organization-rename" [(ngModel)]="renameTo"
                /></label>
                <button type="submit" data-testid="organization-rename-save">Save</button>
                <button type="button" (click)="renaming.set(null)">Cancel</button>
              </form>
            } @else {
              <button type="button" class="link" [attr.aria-pressed]="o.id === selectedId()" (click)="selectedId.set(o.id)">
                {{ o.name }}
              </button>
              <button type="button" [attr.aria-label]="'Rename ' + o.name" (click)="startRename(o)">Rename</button>
            }
          </li>
        } @empty {
          <li class="muted">No customer yet.</li>
        }
      </ul>
    </section>
    @if (selected(); as o) {
      <app-organization-sites [organization]="o" />
      <app-organization-contracts [organization]="o" />
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
    }
    .orgs {
      list-style: none;
      padding: 0;
    }
    .orgs li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      padding: 0.3rem 0;
      border-bottom: 1px solid var(--border);
    }
    .orgs li.selected {
      font-weight: 700;
    }
  `,
})
export class OrganizationsPage {
  private readonly api = inject(DirectoryApi);
  /** `?organization=<id>`: opened on that customer (the CI page links its customer and site here). */
  readonly organization = input<string>();
  protected readonly organizations = signal<Organization[]>([]);
  protected readonly selectedId = signal<string | null>(null);
  protected readonly selected = computed(() => this.organizations().find((o) => o.id === this.selectedId()) ?? null);
  protected readonly renaming = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected newName = '';
  protected renameTo = '';

  constructor() {
    void this.load();
    effect(() => {
      const id = this.organization();
      if (id) this.selectedId.set(id);
    });
  }

  protected startRename(o: Organization): void {
    this.renameTo = o.name;
    this.renaming.set(o.id);
  }

  protected async create(): Promise<void> {
    await this.save(
      () => this.api.createOrganization(this.newName),
      (created) => {
        this.organizations.update((list) => this.sorted([...list, created]));
        this.selectedId.set(created.id);
        this.newName = '';
      },
    );
  }

  protected async rename(o: Organization): Promise<void> {
    await this.save(
      () => this.api.renameOrganization(o.id, this.renameTo),
      (updated) => {
        this.organizations.update((list) => this.sorted(list.map((x) => (x.id === updated.id ? updated : x))));
        this.renaming.set(null);
      },
    );
  }

  private async save(call: () => ReturnType<DirectoryApi['createOrganization']>, done: (o: Organization) => void): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      done(await firstValueFrom(call()));
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), ['name']));
    } finally {
      this.busy.set(false);
    }
  }

  private sorted(list: Organization[]): Organization[] {
    return list.sort((a, b) => a.name.localeCompare(b.name));
  }

  private async load(): Promise<void> {
    try {
      this.organizations.set(this.sorted(await loadAll((offset) => this.api.organizations(offset))));
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
