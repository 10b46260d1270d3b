import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DeskConfigApi, RoutingRule } from '../../../core/api/desk-config-api';
import { Session } from '../../../core/auth/session';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { DefaultGroupForm } from './default-group-form';
import { GroupStrategies } from './group-strategies';
import { moveItem } from './rule-order';
import { RoutingTestPanel } from './routing-test-panel';
import { RuleForm } from './rule-form';

/**
 * Routing rules in the order they are tried: drag a row (or use its up/down buttons, for the keyboard)
 * to reorder, pick one to edit its conditions, and test a ticket against them. Admins also set how
 * each group chooses a member.
 */
@Component({
  selector: 'app-routing-page',
  imports: [AdminNav, DefaultGroupForm, GroupStrategies, ProblemMessage, RoutingTestPanel, RuleForm],
  styleUrl: './desk-config.css',
  styles: `
    tr[draggable='true'] {
      cursor: grab;
    }
    tr.drop-target {
      outline: 2px dashed var(--accent);
    }
  `,
  template: `
    <app-admin-nav />
    <h1>Routing</h1>
    @if (problem(); as p) {
      <app-problem-message data-testid="routing-problem" [problem]="p" />
    }
    <div class="layout">
      <section class="card" aria-labelledby="rules-title">
        <h2 id="rules-title">Rules, first match wins</h2>
        <div class="table-scroll">
          <table data-testid="routing-rules">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Rule</th>
                <th scope="col">Group</th>
                <th scope="col"><span class="visually-hidden">Order and actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (r of rules(); track r.id; let i = $index) {
                <tr
                  draggable="true"
                  data-testid="routing-rule-row"
                  [attr.data-name]="r.name"
                  [class.selected]="editing()?.id === r.id"
                  [class.drop-target]="dropAt() === i"
                  (dragstart)="dragFrom = i"
                  (dragover)="$event.preventDefault(); dropAt.set(i)"
                  (dragleave)="dropAt.set(null)"
                  (drop)="$event.preventDefault(); drop(i)"
                >
                  <td>{{ r.position }}</td>
                  <td>
                    <button type="button" class="link" (click)="editing.set(r)">{{ r.name }}</button>
                    <div class="hint">{{ conditions(r) }}</div>
                  </td>
                  <td>{{ r.assignmentGroup }}</td>
                  <td class="actions">
                    <button
                      type="button"
                      [disabled]="i === 0"
                      (click)="move(i, i - 1)"
                      [attr.aria-label]="'Move ' + r.name + ' up'"
                      data-testid="rule-up"
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      [disabled]="i === rules().length - 1"
                      (click)="move(i, i + 1)"
                      [attr.aria-label]="'Move ' + r.name + ' down'"
                      data-testid="rule-down"
                    >
                      ↓
                    </button>
                    <button type="button" (click)="remove(r)" data-testid="rule-delete">Delete</button>
                  </td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="4" class="muted">No rule yet: every ticket goes to its service's group or the default group.</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <p class="hint" data-testid="routing-default">No match: {{ defaultGroup() ?? 'no default group set' }}</p>
        <app-default-group-form [current]="defaultGroup()" (saved)="defaultGroup.set($event)" />
        <h3>{{ editing() ? 'Edit “' + editing()!.name + '”' : 'New rule' }}</h3>
        <app-rule-form [rule]="editing()" (saved)="saved()" (cancelled)="editing.set(null)" />
      </section>
      <section class="card" aria-labelledby="routing-test-title">
        <h2 id="routing-test-title">Test a ticket</h2>
        <app-routing-test-panel />
        @if (isAdmin()) {
          <h2>Group strategies</h2>
          <app-group-strategies />
        }
      </section>
    </div>
  `,
})
export class RoutingPage implements OnInit {
  private readonly api = inject(DeskConfigApi);
  private readonly session = inject(Session);
  protected readonly rules = signal<RoutingRule[]>([]);
  protected readonly defaultGroup = signal<string | null>(null);
  protected readonly editing = signal<RoutingRule | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly dropAt = signal<number | null>(null);
  /** Groups are the admin's (GET /groups); a process owner maintains rules only. */
  protected readonly isAdmin = computed(() => this.session.user()?.roles.includes('admin') ?? false);
  protected dragFrom: number | null = null;

  ngOnInit(): void {
    void this.load();
  }

  protected conditions(r: RoutingRule): string {
    const parts = [
      r.category && `category ${r.category}`,
      r.subcategory && `subcategory ${r.subcategory}`,
      r.service && `service ${r.service}`,
      r.priority && `priority ${r.priority}`,
      r.organizationId && 'one customer',
    ].filter(Boolean);
    return parts.length ? parts.join(', ') : 'every ticket';
  }

  protected drop(to: number): void {
    this.dropAt.set(null);
    if (this.dragFrom !== null && this.dragFrom !== to) void this.move(this.dragFrom, to);
    this.dragFrom = null;
  }

  protected async move(from: number, to: number): Promise<void> {
    const ordered = moveItem(this.rules(), from, to);
    this.rules.set(ordered);
    this.problem.set(null);
    try {
      const answer = await firstValueFrom(this.api.reorderRoutingRules(ordered.map((r) => r.id)));
      this.rules.set(answer.items);
    } catch (e) {
      this.problem.set(toApiProblem(e));
      await this.load();
    }
  }

  protected async saved(): Promise<void> {
    this.editing.set(null);
    await this.load();
  }

  protected async remove(r: RoutingRule): Promise<void> {
    if (!confirm(`Delete the routing rule “${r.name}”?`)) return;
    try {
      await firstValueFrom(this.api.deleteRoutingRule(r.id));
      if (this.editing()?.id === r.id) this.editing.set(null);
      await this.load();
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  private async load(): Promise<void> {
    try {
      const list = await firstValueFrom(this.api.routingRules());
      this.rules.set(list.items);
      this.defaultGroup.set(list.defaultGroup);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }
}
