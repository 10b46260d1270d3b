import { Component, OnInit, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { BusinessCalendar, DeskConfigApi, NewSlaPolicy, SlaPolicy } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

/** Mirrors the API's PRIORITIES (service-catalog/tickets/domain/ticket-types.ts). */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'];
const FIELDS = ['name', 'priority', 'serviceId', 'service', 'calendarId', 'responseTarget', 'resolutionTarget', 'warningPercent'] as const;

/**
 * An SLA policy, new or (with `editing`) an existing one: the tickets it is for (a priority, a service;
 * empty matches any), the calendar its clock counts in and its targets in business time (PT4H, or 3D
 * for business days).
 */
@Component({
  selector: 'app-policy-form',
  imports: [FormsModule, ProblemMessage],
  template: `
    <form
      class="editor"
      (ngSubmit)="save()"
      [attr.data-testid]="editing() ? 'policy-edit-form' : 'policy-form'"
      [attr.aria-label]="editing() ? 'Edit policy ' + editing()!.name : 'New SLA policy'"
    >
      <label class="field"><span>Name</span><input name="name" [(ngModel)]="draft.name" required data-testid="policy-name" /></label>
      <p class="field-error">{{ problems().fields['name'] }}</p>
      <label class="field"
        ><span>For priority</span
        ><select name="priority" [(ngModel)]="draft.priority" data-testid="policy-priority">
          <option [ngValue]="null">any priority</option>
          @for (p of priorities; track p) {
            <option [ngValue]="p">{{ p }}</option>
          }
        </select>
      </label>
      <p class="field-error">{{ problems().fields['priority'] }}</p>
      <label class="field"
        ><span>For service (its name; empty: any)</span><input name="service" [(ngModel)]="draft.service" data-testid="policy-service"
      /></label>
      <p class="field-error">{{ problems().fields['serviceId'] ?? problems().fields['service'] }}</p>
      <label class="field"
        ><span>Calendar</span
        ><select name="calendarId" [(ngModel)]="draft.calendarId" required data-testid="policy-calendar">
          @for (c of calendars(); track c.id) {
            <option [ngValue]="c.id">{{ c.name }}</option>
          }
        </select>
      </label>
      <p class="field-error">{{ problems().fields['calendarId'] }}</p>
      <label class="field"
        ><span>Response target (business time, e.g. PT4H)</span
        ><input name="responseTarget" [(ngModel)]="draft.responseTarget" required data-testid="policy-response"
      /></label>
      <p class="field-error" data-testid="policy-response-error">{{ problems().fields['responseTarget'] }}</p>
      <label class="field"
        ><span>Resolution target</span
        ><input name="resolutionTarget" [(ngModel)]="draft.resolutionTarget" required data-testid="policy-resolution"
      /></label>
      <p class="field-error" data-testid="policy-resolution-error">{{ problems().fields['resolutionTarget'] }}</p>
      <label class="field"
        ><span>Warn at (% of the resolution target)</span
        ><input type="number" name="warningPercent" min="1" max="99" [(ngModel)]="draft.warningPercent" data-testid="policy-warning"
      /></label>
      <p class="field-error">{{ problems().fields['warningPercent'] }}</p>
      @if (problems().general; as p) {
        <app-problem-message data-testid="policy-problem" [problem]="p" />
      }
      @if (editing()) {
        <div class="actions">
          <button type="submit" [disabled]="busy()" data-testid="policy-save">Save policy</button>
          <button type="button" (click)="cancelled.emit()" data-testid="policy-cancel">Cancel</button>
        </div>
      } @else {
        <button type="submit" [disabled]="busy()" data-testid="policy-create">Create policy</button>
      }
    </form>
  `,
})
export class PolicyForm implements OnInit {
  private readonly api = inject(DeskConfigApi);
  readonly calendars = input.required<BusinessCalendar[]>();
  /** The policy to change; none: the form makes a new one. */
  readonly editing = input<SlaPolicy | null>(null);
  /** A policy made or changed. */
  readonly created = output<SlaPolicy>();
  readonly cancelled = output<void>();
  protected readonly priorities = PRIORITIES;
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly busy = signal(false);
  protected draft: NewSlaPolicy = this.empty();

  ngOnInit(): void {
    const p = this.editing();
    if (p)
      this.draft = {
        name: p.name,
        priority: p.priority,
        service: p.service,
        calendarId: p.calendarId,
        responseTarget: p.responseTarget,
        resolutionTarget: p.resolutionTarget,
        warningPercent: p.warningPercent,
      };
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    const calendarId = this.draft.calendarId || this.calendars()[0]?.id || '';
    const input = { ...this.draft, calendarId, service: this.draft.service?.trim() || null, name: this.draft.name.trim() };
    const editing = this.editing();
    try {
      const changes = editing ? this.changed(editing, input) : {};
      if (editing && !Object.keys(changes).length) this.created.emit(editing);
      else this.created.emit(await firstValueFrom(editing ? this.api.updatePolicy(editing.id, changes) : this.api.createPolicy(input)));
      if (!editing) this.draft = this.empty();
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }

  /**
   * Only what the form changed: the service is sent by name, so an unchanged one is left out rather than
   * resolved again (a service renamed meanwhile would otherwise fail to resolve).
   */
  private changed(before: SlaPolicy, input: NewSlaPolicy): Partial<NewSlaPolicy> {
    const keys = Object.keys(input) as Array<keyof NewSlaPolicy>;
    return Object.fromEntries(keys.filter((k) => input[k] !== (before[k] ?? null)).map((k) => [k, input[k]]));
  }

  private empty(): NewSlaPolicy {
    return {
      name: '',
      priority: null,
      service: null,
      calendarId: '',
      responseTarget: 'PT4H',
      resolutionTarget: 'PT16H',
      warningPercent: 75,
    };
  }
}
