import { Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { Technician, TechniciansApi } from '../../../core/api/technicians-api';
import { DirectoryUser, UsersApi } from '../../../core/api/users-api';
import { PagedList } from '../../../shared/list-page/paged-list';
import { AdminListShell } from '../admin-list-shell';
import { loadAll } from '../directory/load-all';
import { TechnicianAbsences } from './technician-absences';
import { TechnicianForm } from './technician-form';
import { skillsInWords } from './technician-draft';

const PAGE = 25;

/**
 * Technicians' field profiles, what dispatch ranks them by (skills with levels, territories, weekly hours, home
 * base), kept by admins; beside the one opened, its form and its absences.
 */
@Component({
  selector: 'app-technicians-page',
  imports: [AdminListShell, MatButtonModule, TechnicianAbsences, TechnicianForm],
  template: `
    <app-admin-list-shell
      heading="Technicians"
      hint="Dispatch suggests the qualified, available technician nearest the site; a profile says what each can do, where and when."
      testId="technicians"
      emptyText="No technician has a profile yet."
      errorText="The technicians could not be loaded."
      [list]="technicians"
    >
      <button mat-flat-button type="button" data-testid="technician-new" actions (click)="open(null)">New profile</button>
      @if (technicians.items().length) {
        <div class="table-wrap">
          <table class="data-table cards" data-testid="technician-list">
            <caption class="visually-hidden">
              Technicians
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Skills</th>
                <th scope="col">Territories</th>
              </tr>
            </thead>
            <tbody>
              @for (t of technicians.items(); track t.id) {
                <tr data-testid="technician-row" [attr.data-user]="usernameOf(t.userId)">
                  <td data-label="Name">
                    <button type="button" class="link" data-testid="technician-open" (click)="open(t)">{{ nameOf(t.userId) }}</button>
                  </td>
                  <td data-label="Skills" data-testid="technician-skills-cell">{{ skills(t.skills) }}</td>
                  <td data-label="Territories">{{ t.territories.join(', ') || '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
      <!-- Two components beside the list: projected together, as one block, into the shell's side column. -->
      <ng-container ngProjectAs="[side]">
        @if (formOpen()) {
          <app-technician-form
            [technician]="editing()"
            [candidates]="candidates()"
            [name]="editing() ? nameOf(editing()!.userId) : ''"
            (saved)="saved($event)"
            (closed)="close()"
          />
          @if (editing(); as t) {
            <app-technician-absences [technicianId]="t.id" [name]="nameOf(t.userId)" />
          }
        }
      </ng-container>
    </app-admin-list-shell>
  `,
})
export class TechniciansPage {
  private readonly api = inject(TechniciansApi);
  private readonly usersApi = inject(UsersApi);
  protected readonly users = signal<DirectoryUser[]>([]);
  protected readonly editing = signal<Technician | null>(null);
  protected readonly formOpen = signal(false);
  private readonly profiled = signal(new Set<string>());
  protected readonly technicians = new PagedList<Technician>(PAGE, async (offset, limit) => {
    const [page, users, all] = await Promise.all([
      firstValueFrom(this.api.list(offset, limit)),
      loadAll((o) => this.usersApi.page(o)),
      // Who has a profile already, across pages, so the new-profile list offers only those without one.
      loadAll((o) => this.api.list(o, 500)),
    ]);
    this.users.set(users);
    this.profiled.set(new Set(all.map((t) => t.userId)));
    return page;
  });
  /** Whom a new profile may be for: active users with the technician role and no profile yet. */
  protected readonly candidates = computed(() =>
    this.users().filter((u) => u.active && u.roles.includes('technician') && !this.profiled().has(u.id)),
  );
  protected readonly skills = skillsInWords;

  constructor() {
    void this.technicians.load(0);
  }

  protected nameOf(userId: string): string {
    return this.users().find((u) => u.id === userId)?.displayName ?? userId;
  }

  protected usernameOf(userId: string): string | null {
    return this.users().find((u) => u.id === userId)?.username ?? null;
  }

  protected open(t: Technician | null): void {
    this.editing.set(t);
    this.formOpen.set(true);
  }

  protected close(): void {
    this.formOpen.set(false);
    this.editing.set(null);
  }

  protected async saved(t: Technician): Promise<void> {
    this.editing.set(t);
    await this.technicians.reload();
  }
}
