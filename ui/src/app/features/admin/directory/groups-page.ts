import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DirectoryApi, Group, ROUTING_STRATEGIES, RoutingStrategy } from '../../../core/api/directory-api';
import { DirectoryUser, UsersApi } from '../../../core/api/users-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { GroupChatQueue } from './group-chat-queue';
import { GroupMembers } from './group-members';
import { GroupOnCall } from './group-on-call';
import { loadAll } from './load-all';

const FIELDS = ['key', 'name', 'routingStrategy'] as const;

/**
 * Assignment groups: the key BPMN candidateGroups name, how a routed ticket gets an assignee, and who
 * is in the group and leads it (see GroupMembers). A key never changes once diagrams name it.
 */
@Component({
  selector: 'app-groups-page',
  imports: [AdminNav, FormsModule, GroupChatQueue, GroupMembers, GroupOnCall, ProblemMessage],
  template: `
    <app-admin-nav />
    <section class="card" aria-labelledby="groups-title" data-testid="groups-admin">
      <header class="card-header">
        <div>
          <h2 id="groups-title">Assignment groups</h2>
          <p class="hint">Processes hand work to a group by its key; its strategy picks the assignee.</p>
        </div>
      </header>
      <form class="new" (ngSubmit)="create()" novalidate aria-label="New group" data-testid="group-form">
        <label class="field"
          ><span>Key</span
          ><input name="key" data-testid="group-key" [(ngModel)]="draft.key" [attr.aria-invalid]="!!problems().fields['key']" />
          <span class="field-error" data-testid="group-key-error">{{ problems().fields['key'] }}</span></label
        >
        <label class="field"
          ><span>Name</span
          ><input name="name" data-testid="group-name" [(ngModel)]="draft.name" [attr.aria-invalid]="!!problems().fields['name']" />
          <span class="field-error" data-testid="group-name-error">{{ problems().fields['name'] }}</span></label
        >
        <label class="field"
          ><span>Strategy</span>
          <select name="routingStrategy" data-testid="group-strategy" [(ngModel)]="draft.routingStrategy">
            @for (s of strategies; track s) {
              <option [value]="s">{{ s }}</option>
            }
          </select></label
        >
        <button type="submit" [disabled]="busy()" data-testid="group-create">Create group</button>
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" data-testid="group-problem" />
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
      <ul class="groups">
        @for (g of groups(); track g.id) {
          <li [attr.data-testid]="'group-' + g.key">
            <button type="button" class="link" [attr.aria-pressed]="selected()?.id === g.id" (click)="selectedId.set(g.id)">
              {{ g.name }}
            </button>
            <span class="muted mono">{{ g.key }}</span> · <span class="muted">{{ g.routingStrategy }}</span> ·
            <span class="muted">{{ memberCount(g) }} members</span>
          </li>
        } @empty {
          <li class="muted">No group yet.</li>
        }
      </ul>
    </section>
    @if (selected(); as g) {
      <app-group-members [group]="g" [users]="users()" (groupChange)="replaceGroup($event)" (userChange)="replaceUser($event)" />
      <app-group-chat-queue [group]="g" />
      <app-group-on-call [group]="g" [users]="users()" />
    }
  `,
  styles: `
    .new {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
    }
    .groups {
      list-style: none;
      padding: 0;
    }
    .groups li {
      padding: 0.3rem 0;
      border-bottom: 1px solid var(--border);
    }
    .mono {
      font-family: var(--mono);
    }
    /* One column that may shrink: a selected group's panels must not widen the page past a phone's width. */
    :host {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 1rem;
    }
  `,
})
export class GroupsPage {
  private readonly api = inject(DirectoryApi);
  private readonly usersApi = inject(UsersApi);
  protected readonly strategies = ROUTING_STRATEGIES;
  protected readonly groups = signal<Group[]>([]);
  protected readonly users = signal<DirectoryUser[]>([]);
  protected readonly selectedId = signal<string | null>(null);
  protected readonly selected = computed(() => this.groups().find((g) => g.id === this.selectedId()) ?? null);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected draft: { key: string; name: string; routingStrategy: RoutingStrategy } = { key: '', name: '', routingStrategy: 'manual' };

  constructor() {
    void this.load();
  }

  protected memberCount(g: Group): number {
    return this.users().filter((u) => u.groupIds.includes(g.id)).length;
  }

  protected async create(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      const created = await firstValueFrom(this.api.createGroup({ ...this.draft, key: this.draft.key.trim() }));
      this.groups.update((list) => [...list, created].sort((a, b) => a.name.localeCompare(b.name)));
      this.selectedId.set(created.id);
      this.draft = { key: '', name: '', routingStrategy: 'manual' };
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }

  protected replaceGroup(g: Group): void {
    this.groups.update((list) => list.map((x) => (x.id === g.id ? g : x)));
  }

  protected replaceUser(u: DirectoryUser): void {
    this.users.update((list) => list.map((x) => (x.id === u.id ? u : x)));
  }

  private async load(): Promise<void> {
    try {
      const [groups, users] = await Promise.all([
        loadAll((offset) => this.api.groups(offset)),
        loadAll((offset) => this.usersApi.page(offset)),
      ]);
      this.groups.set(groups.sort((a, b) => a.name.localeCompare(b.name)));
      this.users.set(users.sort((a, b) => a.displayName.localeCompare(b.displayName)));
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
