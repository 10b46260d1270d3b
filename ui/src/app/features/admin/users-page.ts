import { Component, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { DirectoryApi, Organization } from '../../core/api/directory-api';
import { DirectoryUser, UsersApi } from '../../core/api/users-api';
import { toApiProblem } from '../../core/api/api-error';
import { Confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { ListPage } from '../../shared/list-page/list-page';
import { ViewState } from '../../shared/state-view/state-view';
import { AdminNav } from './admin-nav';
import { loadAll } from './directory/load-all';
import { UserCreateForm } from './user-create-form';

/** Directory pages read at most: a thousand users is more than this page is for. */
const MAX_PAGES = 10;
/** Users shown at once: the filter finds anyone, the pager walks the rest. */
const PAGE_SIZE = 50;

/**
 * Users, for an admin: who each one is and their line manager, who approves their service requests
 * when the catalog item asks for the manager's approval. Picking another manager saves at once. An admin
 * also creates users here and signs one out everywhere (a lost laptop), after a confirmation.
 */
@Component({
  selector: 'app-users-page',
  imports: [AdminNav, ListPage, MatButtonModule, UserCreateForm],
  template: `
    <app-admin-nav />
    @if (creating()) {
      <app-user-create-form [organizations]="organizations()" (created)="added($event)" (closed)="creating.set(false)" />
    }
    <app-list-page
      heading="Users"
      hint="A user's line manager approves their service requests when the item asks for it."
      testId="users"
      data-testid="users-admin"
      emptyText="No user matches."
      errorText="The users could not be loaded."
      [state]="state()"
      [total]="shown().length"
      [offset]="offset()"
      [pageSize]="pageSize"
      [shown]="page().length"
      (page)="offset.set($event)"
      (retry)="load()"
    >
      <button mat-flat-button actions type="button" data-testid="user-new" [disabled]="creating()" (click)="creating.set(true)">
        New user
      </button>
      <label class="field" filters
        ><span>Find</span><input type="search" data-testid="users-filter" [value]="filter()" (input)="find(value($event))"
      /></label>
      @if (notice(); as n) {
        <p class="status" role="status" data-testid="users-notice">{{ n }}</p>
      }
      @if (saveError(); as e) {
        <p class="status error" role="alert" data-testid="users-error">{{ e }}</p>
      }
      @if (page().length) {
        <div class="table-wrap">
          <table class="data-table cards">
            <caption class="visually-hidden">
              Users and their line managers
            </caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Roles</th>
                <th scope="col">Line manager</th>
                <th scope="col"><span class="visually-hidden">Saved</span></th>
                <th scope="col"><span class="visually-hidden">Sessions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (u of page(); track u.id) {
                <tr data-testid="user-row" [attr.data-username]="u.username">
                  <td data-label="User">
                    <strong>{{ u.displayName }}</strong> <span class="muted mono">{{ u.username }}</span>
                  </td>
                  <td data-label="Roles">{{ u.roles.join(', ') }}</td>
                  <td data-label="Line manager">
                    <label class="visually-hidden" [attr.for]="'manager-' + u.id">Line manager of {{ u.displayName }}</label>
                    <select
                      [id]="'manager-' + u.id"
                      data-testid="user-manager"
                      [disabled]="saving() === u.id"
                      (change)="setManager(u, $event)"
                    >
                      <option value="" [selected]="!u.managerId">None</option>
                      @for (m of candidates(u); track m.id) {
                        <option [value]="m.id" [selected]="m.id === u.managerId">{{ m.displayName }} ({{ m.username }})</option>
                      }
                    </select>
                  </td>
                  <td class="saved" role="status">
                    @if (saved() === u.id) {
                      <span data-testid="user-manager-saved">Saved</span>
                    }
                  </td>
                  <td data-label="Sessions">
                    <button
                      mat-stroked-button
                      type="button"
                      data-testid="user-sign-out"
                      [attr.aria-label]="'Sign out everywhere: ' + u.displayName"
                      [disabled]="saving() === u.id"
                      (click)="signOut(u)"
                    >
                      Sign out everywhere
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </app-list-page>
  `,
  styles: `
    .mono {
      font-family: var(--mono);
    }
    .saved {
      color: var(--success);
    }
  `,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly directory = inject(DirectoryApi);
  private readonly confirm = inject(Confirm);
  protected readonly creating = signal(false);
  protected readonly organizations = signal<Organization[]>([]);
  protected readonly notice = signal<string | null>(null);
  protected readonly users = signal<DirectoryUser[]>([]);
  protected readonly filter = signal('');
  protected readonly saving = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly saveError = signal<string | null>(null);
  protected readonly loaded = signal<'loading' | 'error' | 'done'>('loading');
  protected readonly offset = signal(0);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly shown = computed(() => {
    const q = this.filter().trim().toLowerCase();
    return this.users().filter((u) => !q || u.username.toLowerCase().includes(q) || u.displayName.toLowerCase().includes(q));
  });

  protected readonly page = computed(() => this.shown().slice(this.offset(), this.offset() + PAGE_SIZE));
  protected readonly state = computed<ViewState>(() =>
    this.loaded() === 'done' ? (this.shown().length ? 'ready' : 'empty') : this.loaded() === 'loading' ? 'loading' : 'error',
  );

  constructor() {
    void this.load();
    void loadAll((offset) => this.directory.organizations(offset)).then(
      (orgs) => this.organizations.set(orgs.sort((a, b) => a.name.localeCompare(b.name))),
      () => undefined, // without them the form offers staff only; the API still names a wrong organisation
    );
  }

  /** The new user shows first under the filter that finds them, with a word that it worked. */
  protected added(u: DirectoryUser): void {
    this.users.update((list) => [...list, u].sort((a, b) => a.username.localeCompare(b.username)));
    this.creating.set(false);
    this.find(u.username);
    this.notice.set(`${u.displayName} (${u.username}) was created.`);
  }

  protected async signOut(u: DirectoryUser): Promise<void> {
    const sure = await this.confirm.ask({
      title: `Sign ${u.displayName} out everywhere?`,
      message: 'Every browser and app they are signed in on stops working at once; their API tokens stay.',
      confirmText: 'Sign out everywhere',
      destructive: true,
    });
    if (!sure) return;
    this.saving.set(u.id);
    this.notice.set(null);
    this.saveError.set(null);
    try {
      await firstValueFrom(this.api.signOutEverywhere(u.id));
      this.notice.set(`${u.displayName} is signed out everywhere.`);
    } catch (err) {
      this.saveError.set(toApiProblem(err).message ?? `${u.username} could not be signed out.`);
    } finally {
      this.saving.set(null);
    }
  }

  protected find(text: string): void {
    this.filter.set(text);
    this.offset.set(0);
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  /** Active users other than themselves; a requester's manager is someone of the same customer (or staff, with none). */
  protected candidates(u: DirectoryUser): DirectoryUser[] {
    return this.users().filter((m) => m.id !== u.id && m.active && (!u.organizationId || m.organizationId === u.organizationId));
  }

  protected async setManager(u: DirectoryUser, event: Event): Promise<void> {
    const managerId = (event.target as HTMLSelectElement).value || null;
    this.saving.set(u.id);
    this.saved.set(null);
    this.saveError.set(null);
    try {
      const updated = await firstValueFrom(this.api.setManager(u.id, managerId));
      this.users.update((list) => list.map((x) => (x.id === updated.id ? updated : x)));
      this.saved.set(u.id);
    } catch (err) {
      this.saveError.set(toApiProblem(err).message ?? `The manager of ${u.username} could not be saved.`);
    } finally {
      this.saving.set(null);
    }
  }

  protected async load(): Promise<void> {
    this.loaded.set('loading');
    try {
      const all: DirectoryUser[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const { items, total } = await firstValueFrom(this.api.page(all.length));
        all.push(...items);
        if (!items.length || all.length >= total) break;
      }
      this.users.set(all.sort((a, b) => a.username.localeCompare(b.username)));
      this.loaded.set('done');
    } catch {
      this.loaded.set('error');
    }
  }
}
