import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { DeskConfigApi, RoutingTestResult } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { PRIORITIES } from './policy-form';

const FIELDS = ['ticketNumber', 'category', 'priority'] as const;

/**
 * "Which rule takes this ticket?": a real ticket, optionally with another category or priority, is
 * run through the rules as routing would, and the answer names the rule, the group and its strategy.
 */
@Component({
  selector: 'app-routing-test-panel',
  imports: [FormsModule, ProblemMessage],
  template: `
    <form class="editor" (ngSubmit)="test()" data-testid="routing-test-form" aria-label="Test a ticket against the rules">
      <label class="field"
        ><span>Ticket (empty: only the facts below)</span
        ><input name="ticketNumber" [(ngModel)]="ticketNumber" placeholder="INC0001042" data-testid="routing-test-ticket"
      /></label>
      <p class="field-error">{{ problems().fields['ticketNumber'] }}</p>
      <label class="field"
        ><span>Category (empty: the ticket's)</span><input name="category" [(ngModel)]="category" data-testid="routing-test-category"
      /></label>
      <label class="field"
        ><span>Priority</span
        ><select name="priority" [(ngModel)]="priority" data-testid="routing-test-priority">
          <option [ngValue]="undefined">the ticket's</option>
          @for (p of priorities; track p) {
            <option [ngValue]="p">{{ p }}</option>
          }
        </select>
      </label>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" />
      }
      <button type="submit" data-testid="routing-test-run">Test</button>
    </form>
    @if (result(); as r) {
      <div
        class="preview"
        role="status"
        data-testid="routing-test-result"
        [attr.data-group]="r.assignmentGroup"
        [attr.data-rule]="r.rule?.name ?? ''"
      >
        @if (r.rule) {
          Rule {{ r.rule.position }} “{{ r.rule.name }}” matches:
        } @else if (r.groupFrom === 'service') {
          No rule matches; the service's support group takes it:
        } @else {
          No rule matches; the default group takes it:
        }
        <strong>{{ r.assignmentGroup ?? 'nobody (no default group is set)' }}</strong>
        @if (r.assignmentGroup && !r.groupExists) {
          — but that group does not exist, so routing would fail.
        } @else if (r.strategy) {
          ({{ r.strategy }}).
        }
        <div class="hint">
          Tested with category {{ r.facts.category ?? '—' }}, priority {{ r.facts.priority ?? '—' }}, service
          {{ r.facts.serviceId ?? '—' }}.
        </div>
      </div>
    }
  `,
})
export class RoutingTestPanel {
  private readonly api = inject(DeskConfigApi);
  protected readonly priorities = PRIORITIES;
  protected readonly result = signal<RoutingTestResult | null>(null);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected ticketNumber = '';
  protected category = '';
  protected priority: string | undefined = undefined;

  protected async test(): Promise<void> {
    this.problems.set(NO_PATH_PROBLEMS);
    const input = {
      ...(this.ticketNumber.trim() ? { ticketNumber: this.ticketNumber.trim() } : {}),
      ...(this.category.trim() ? { category: this.category.trim() } : {}),
      ...(this.priority ? { priority: this.priority } : {}),
    };
    try {
      this.result.set(await firstValueFrom(this.api.testRouting(input)));
    } catch (e) {
      this.result.set(null);
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    }
  }
}
