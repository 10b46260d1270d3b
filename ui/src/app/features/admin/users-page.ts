import { Component, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { DirectoryUser, UsersApi } from '../../core/api/users-api';
import { toApiProblem } from '../../core/api/api-error';
import { AdminNav } from './admin-nav';

/** Directory pages read at most: a thousand users is more than this page is for. */
const MAX_PAGES = 10;

/**
 * Users, for an admin: who each one is and their line manager, who approves their service requests
 * when the catalog item asks for the manager's approval. Picking another manager saves at once.
 */
@Component({
  selector: 'app-users-page',
  imports: [AdminNav],
  template: `
    <app-admin-nav />
    <section class="card" aria-labelledby="users-title" data-testid="users-admin">
      <header class="card-header">
        <div>
          <h2 id="users-title">Users</h2>
          <p class="hint">A user's line manager approves their service requests when the item asks for it.</p>
        </div>
      </header>
      <label class="field inline filter"
        ><span>Find</span><input type="search" data-testid="users-filter" (input)="filter.set(value($event))"
      /></label>
      @if (error(); as e) {
        <p class="problem" role="alert" data-testid="users-error">{{ e }}</p>
      }
      <table>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Roles</th>
            <th scope="col">Line manager</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          @for (u of shown(); track u.id) {
            <tr data-testid="user-row" [attr.data-username]="u.username">
              <td>
                <strong>{{ u.displayName }}</strong> <span class="muted mono">{{ u.username }}</span>
              </td>
              <td>{{ u.roles.join(', ') }}</td>
              <td>
                <label class="visually-hidden" [attr.for]="'manager-' + u.id">Line manager of {{ u.displayName }}</label>
                <select [id]="'manager-' + u.id" data-testid="user-manager" [disabled]="saving() === u.id" (change)="setManager(u, $event)">
                  <option value="" [selected]="!u.managerId">None</option>
                  @for (m of candidates(u); track m.id) {
                    <option [value]="m.id" [selected]="m.id === u.managerId">{{ m.displayName }} ({{ m.username }})</option>
                  }
                </select>
              </td>
              <td class="status">
                @if (saved() === u.id) {
                  <span data-testid="user-manager-saved" role="status">Saved</span>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </section>
  `,
  styles: `
    table {
      width: 100%;
      border-collapse: collapse;
      font-size: 0.9rem;
    }
    th,
    td {
      text-align: left;
      padding: 0.35rem 0.5rem;
      border-bottom: 1px solid var(--border, #d0d7de);
    }
    .filter {
      margin-bottom: 0.5rem;
    }
    .mono {
      font-family: var(--mono);
    }
    .status {
      color: #1a7f37;
    }
    .problem {
      color: #b42318;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  protected readonly users = signal<DirectoryUser[]>([]);
  protected readonly filter = signal('');
  protected readonly saving = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly shown = computed(() => {
    const q = this.filter().trim().toLowerCase();
    return this.users().filter((u) => !q || u.username.toLowerCase().includes(q) || u.displayName.toLowerCase().includes(q));
  });

  constructor() {
    void this.load();
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
    this.error.set(null);
    try {
      const updated = await firstValueFrom(this.api.setManager(u.id, managerId));
      this.users.update((list) => list.map((x) => (x.id === updated.id ? updated : x)));
      this.saved.set(u.id);
    } catch (err) {
      this.error.set(toApiProblem(err).message ?? `The manager of ${u.username} could not be saved.`);
    } finally {
      this.saving.set(null);
    }
  }

  private async load(): Promise<void> {
    try {
      const all: DirectoryUser[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const { items, total } = await firstValueFrom(this.api.page(all.length));
        all.push(...items);
        if (!items.length || all.length >= total) break;
      }
      this.users.set(all.sort((a, b) => a.username.localeCompare(b.username)));
    } catch {
      this.error.set('The users could not be loaded.');
    }
  }
}
