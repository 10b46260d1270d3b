import { DatePipe, JsonPipe } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { AuditFilter, AuditLogEntry, DirectoryApi } from '../../../core/api/directory-api';
import { DirectoryUser, UsersApi } from '../../../core/api/users-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { changedFields } from './changed-fields';
import { loadAll } from './load-all';

const PAGE_SIZE = 25;
const FIELDS = ['actorId', 'entity', 'entityId', 'action', 'from', 'to'] as const;

/**
 * Every change made through the API, newest first: who, what, and the fields it changed, with the
 * whole before/after on demand. Filters combine; dates are the admin's local time, sent as instants.
 */
@Component({
  selector: 'app-audit-log-page',
  imports: [AdminNav, DatePipe, FormsModule, JsonPipe, ProblemMessage],
  templateUrl: './audit-log-page.html',
  styleUrl: './audit-log-page.css',
})
export class AuditLogPage {
  private readonly api = inject(DirectoryApi);
  private readonly usersApi = inject(UsersApi);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly entries = signal<AuditLogEntry[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly users = signal<DirectoryUser[]>([]);
  protected readonly loading = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly usersProblem = signal<ApiProblem | null>(null);
  protected filter = { actorId: '', entity: '', entityId: '', action: '', from: '', to: '' };
  protected readonly changed = changedFields;

  constructor() {
    void this.search();
    void this.loadUsers();
  }

  protected async search(offset = 0): Promise<void> {
    this.loading.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      const page = await firstValueFrom(this.api.auditLog(this.query(), offset, PAGE_SIZE));
      this.entries.set(page.items);
      this.total.set(page.total);
      this.offset.set(offset);
    } catch (err) {
      this.problems.set(
        pathProblems(
          toApiProblem(err),
          FIELDS.flatMap((f) => [f, `query.${f}`]),
        ),
      );
    } finally {
      this.loading.set(false);
    }
  }

  protected clear(): Promise<void> {
    this.filter = { actorId: '', entity: '', entityId: '', action: '', from: '', to: '' };
    return this.search();
  }

  protected err(field: string): string | undefined {
    // The API names query fields `query.from`; path-problems strips only `payload.`.
    return this.problems().fields[field] ?? this.problems().fields[`query.${field}`];
  }

  /** Local date-times (from the datetime-local control) become instants; a bad one goes as typed for the API to name. */
  private query(): AuditFilter {
    const instant = (v: string) => {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? v : d.toISOString();
    };
    const f = this.filter;
    return {
      ...(f.actorId ? { actorId: f.actorId } : {}),
      ...(f.entity.trim() ? { entity: f.entity.trim() } : {}),
      ...(f.entityId.trim() ? { entityId: f.entityId.trim() } : {}),
      ...(f.action.trim() ? { action: f.action.trim() } : {}),
      ...(f.from ? { from: instant(f.from) } : {}),
      ...(f.to ? { to: instant(f.to) } : {}),
    };
  }

  private async loadUsers(): Promise<void> {
    try {
      this.users.set((await loadAll((offset) => this.usersApi.page(offset))).sort((a, b) => a.displayName.localeCompare(b.displayName)));
    } catch (err) {
      this.usersProblem.set(toApiProblem(err));
    }
  }
}
