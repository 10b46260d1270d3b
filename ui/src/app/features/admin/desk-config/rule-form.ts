import { Component, effect, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { DeskConfigApi, RoutingRule } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { PRIORITIES } from './policy-form';

const FIELDS = ['name', 'category', 'subcategory', 'service', 'serviceId', 'priority', 'assignmentGroup'] as const;

interface RuleDraft {
  name: string;
  category: string;
  subcategory: string;
  service: string;
  priority: string | null;
  assignmentGroup: string;
}

const blank = (): RuleDraft => ({ name: '', category: '', subcategory: '', service: '', priority: null, assignmentGroup: '' });
/** An empty condition matches anything, which the API spells null. */
const orNull = (v: string) => v.trim() || null;

/** A routing rule's conditions and its group; a new rule goes after every other one. */
@Component({
  selector: 'app-rule-form',
  imports: [FormsModule, ProblemMessage],
  template: `
    <form class="editor" (ngSubmit)="save()" data-testid="rule-form" [attr.aria-label]="rule() ? 'Edit routing rule' : 'New routing rule'">
      <label class="field"><span>Name</span><input name="name" [(ngModel)]="draft.name" required data-testid="rule-name" /></label>
      <p class="field-error">{{ problems().fields['name'] }}</p>
      <p class="hint">Conditions: a ticket matches when every filled one fits (compared without case); empty ones match anything.</p>
      <label class="field"><span>Category</span><input name="category" [(ngModel)]="draft.category" data-testid="rule-category" /></label>
      <p class="field-error">{{ problems().fields['category'] }}</p>
      <label class="field"
        ><span>Subcategory</span><input name="subcategory" [(ngModel)]="draft.subcategory" data-testid="rule-subcategory"
      /></label>
      <p class="field-error">{{ problems().fields['subcategory'] }}</p>
      <label class="field"
        ><span>Service (its name)</span><input name="service" [(ngModel)]="draft.service" data-testid="rule-service"
      /></label>
      <p class="field-error">{{ problems().fields['service'] ?? problems().fields['serviceId'] }}</p>
      <label class="field"
        ><span>Priority</span
        ><select name="priority" [(ngModel)]="draft.priority" data-testid="rule-priority">
          <option [ngValue]="null">any priority</option>
          @for (p of priorities; track p) {
            <option [ngValue]="p">{{ p }}</option>
          }
        </select>
      </label>
      <label class="field"
        ><span>Send to group (key)</span
        ><input name="assignmentGroup" [(ngModel)]="draft.assignmentGroup" required data-testid="rule-group"
      /></label>
      <p class="field-error" data-testid="rule-group-error">{{ problems().fields['assignmentGroup'] }}</p>
      @if (problems().general; as p) {
        <app-problem-message data-testid="rule-problem" [problem]="p" />
      }
      <div class="actions">
        <button type="submit" [disabled]="busy()" data-testid="rule-save">{{ rule() ? 'Save rule' : 'Add rule' }}</button>
        @if (rule()) {
          <button type="button" (click)="cancelled.emit()">New rule instead</button>
        }
      </div>
    </form>
  `,
})
export class RuleForm {
  private readonly api = inject(DeskConfigApi);
  /** The rule being edited; null writes a new one. */
  readonly rule = input<RoutingRule | null>(null);
  readonly saved = output<RoutingRule>();
  readonly cancelled = output<void>();
  protected readonly priorities = PRIORITIES;
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly busy = signal(false);
  protected draft: RuleDraft = blank();

  constructor() {
    effect(() => {
      const r = this.rule();
      this.problems.set(NO_PATH_PROBLEMS);
      this.draft = r
        ? {
            name: r.name,
            category: r.category ?? '',
            subcategory: r.subcategory ?? '',
            service: r.service ?? '',
            priority: r.priority,
            assignmentGroup: r.assignmentGroup,
          }
        : blank();
    });
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    const d = this.draft;
    const input = {
      name: d.name.trim(),
      category: orNull(d.category),
      subcategory: orNull(d.subcategory),
      service: orNull(d.service),
      priority: d.priority,
      assignmentGroup: d.assignmentGroup.trim(),
    };
    try {
      const current = this.rule();
      const saved = await firstValueFrom(current ? this.api.updateRoutingRule(current.id, input) : this.api.createRoutingRule(input));
      if (!current) this.draft = blank();
      this.saved.emit(saved);
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }
}
