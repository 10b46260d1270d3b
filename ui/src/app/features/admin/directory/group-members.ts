import { Component, OnChanges, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DirectoryApi, Group, ROUTING_STRATEGIES, RoutingStrategy } from '../../../core/api/directory-api';
import { DirectoryUser, UsersApi } from '../../../core/api/users-api';
import { ProblemMessage } from '../../operate/problem-message';

/** Staff can be group members; a requester never works tickets. */
const isStaff = (u: DirectoryUser) => u.active && u.roles.some((r) => r !== 'requester' && r !== 'customer-manager');

/**
 * One group: its name, strategy and OLA target, its members (added and removed one by one, each a change
 * of that user's groups) and its lead, chosen among the members, whom escalation level `group-lead` mails.
 */
@Component({
  selector: 'app-group-members',
  imports: [FormsModule, ProblemMessage],
  template: `
    <section class="card" [attr.aria-label]="'Group ' + group().name" data-testid="group-detail">
      <h3>
        {{ group().name }} <span class="muted">{{ group().key }}</span>
      </h3>
      <form class="settings" (ngSubmit)="saveSettings()" novalidate aria-label="Group settings">
        <label class="field"><span>Name</span><input name="name" data-testid="group-edit-name" [(ngModel)]="name" /></label>
        <label class="field"
          ><span>Strategy</span>
          <select name="strategy" data-testid="group-edit-strategy" [(ngModel)]="strategy">
            @for (s of strategies; track s) {
              <option [value]="s">{{ s }}</option>
            }
          </select></label
        >
        <label class="field"
          ><span>OLA target <small>(e.g. PT4H, empty: none)</small></span
          ><input name="ola" data-testid="group-edit-ola" [(ngModel)]="ola"
        /></label>
        <button type="submit" data-testid="group-save">Save</button>
      </form>
      <label class="field"
        ><span>Lead</span>
        <select data-testid="group-lead" (change)="setLead($event)">
          <option value="" [selected]="!group().leadId">Nobody</option>
          @for (m of members(); track m.id) {
            <option [value]="m.id" [selected]="m.id === group().leadId">{{ m.displayName }}</option>
          }
        </select></label
      >
      @if (problem(); as p) {
        <app-problem-message [problem]="p" data-testid="group-detail-problem" />
      }
      @if (saved()) {
        <p class="status success" role="status" data-testid="group-saved">Saved.</p>
      }
      <h4>Members</h4>
      <ul class="members">
        @for (m of members(); track m.id) {
          <li [attr.data-testid]="'member-' + m.username">
            {{ m.displayName }} <span class="muted">{{ m.username }}</span>
            @if (m.id === group().leadId) {
              <span class="badge">lead</span>
            }
            <button type="button" [attr.aria-label]="'Remove ' + m.displayName" (click)="remove(m)" data-testid="member-remove">
              Remove
            </button>
          </li>
        } @empty {
          <li class="muted">No member yet.</li>
        }
      </ul>
      <label class="field inline"
        ><span>Add member</span>
        <select data-testid="member-add" (change)="add($event)">
          <option value="">Choose someone…</option>
          @for (c of candidates(); track c.id) {
            <option [value]="c.id">{{ c.displayName }} ({{ c.username }})</option>
          }
        </select></label
      >
    </section>
  `,
  styles: `
    .settings {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
      margin: 0.5rem 0;
    }
    .members {
      padding-left: 1.1rem;
    }
    .members button {
      margin-left: 0.5rem;
    }
  `,
})
export class GroupMembers implements OnChanges {
  private readonly api = inject(DirectoryApi);
  private readonly usersApi = inject(UsersApi);
  readonly group = input.required<Group>();
  readonly users = input.required<DirectoryUser[]>();
  readonly groupChange = output<Group>();
  readonly userChange = output<DirectoryUser>();
  protected readonly strategies = ROUTING_STRATEGIES;
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly saved = signal(false);
  protected readonly members = computed(() => this.users().filter((u) => u.groupIds.includes(this.group().id)));
  protected readonly candidates = computed(() => this.users().filter((u) => isStaff(u) && !u.groupIds.includes(this.group().id)));
  protected name = '';
  protected strategy: RoutingStrategy = 'manual';
  protected ola = '';

  ngOnChanges(): void {
    this.name = this.group().name;
    this.strategy = this.group().routingStrategy;
    this.ola = this.group().olaTarget ?? '';
  }

  protected saveSettings(): Promise<void> {
    return this.patch({ name: this.name, routingStrategy: this.strategy, olaTarget: this.ola.trim() || null });
  }

  protected setLead(event: Event): Promise<void> {
    return this.patch({ leadId: (event.target as HTMLSelectElement).value || null });
  }

  protected async add(event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const user = this.users().find((u) => u.id === select.value);
    select.value = '';
    if (user) await this.setGroups(user, [...user.groupIds, this.group().id]);
  }

  protected async remove(user: DirectoryUser): Promise<void> {
    await this.setGroups(
      user,
      user.groupIds.filter((id) => id !== this.group().id),
    );
  }

  private async setGroups(user: DirectoryUser, groupIds: string[]): Promise<void> {
    this.problem.set(null);
    this.saved.set(false);
    try {
      this.userChange.emit(await firstValueFrom(this.usersApi.setGroups(user.id, groupIds)));
      this.saved.set(true);
    } catch (err) {
      this.problem.set(toApiProblem(err));
    }
  }

  private async patch(changes: Parameters<DirectoryApi['updateGroup']>[1]): Promise<void> {
    this.problem.set(null);
    this.saved.set(false);
    try {
      this.groupChange.emit(await firstValueFrom(this.api.updateGroup(this.group().key, changes)));
      this.saved.set(true);
    } catch (err) {
      this.problem.set(toApiProblem(err));
    }
  }
}
