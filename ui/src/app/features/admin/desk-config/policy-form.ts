import { Component, OnInit, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { BusinessCalendar, DeskConfigApi, NewSlaPolicy, SlaPolicy } from '../../../core/api/desk-config-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';

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
  imports: [ActionForm, FormsModule],
  template: `
    <app-action-form
      [attr.data-testid]="editing() ? 'policy-edit-form' : 'policy-form'"
      [label]="editing() ? 'Edit policy ' + editing()!.name : 'New SLA policy'"
      [submitText]="editing() ? 'Save policy' : 'Create policy'"
      [submitTestId]="editing() ? 'policy-save' : 'policy-create'"
      [cancelText]="editing() ? 'Cancel' : ''"
      cancelTestId="policy-cancel"
      problemTestId="policy-problem"
      [run]="form"
      (submitted)="save()"
      (cancelled)="cancelled.emit()"
    >
      <label class="field"
        ><span>Name</span
        ><input
          name="name"
          [(ngModel)]="draft.name"
          data-testid="policy-name"
          (ngModelChange)="form.edited('name')"
          [attr.aria-invalid]="form.error('name') ? true : null"
      /></label>
      <p class="field-error">{{ form.error('name') }}</p>
      <label class="field"
        ><span>For priority</span
        ><select name="priority" [(ngModel)]="draft.priority" data-testid="policy-priority">
          <option [ngValue]="null">any priority</option>
          @for (p of priorities; track p) {
            <option [ngValue]="p">{{ p }}</option>
          }
        </select>
      </label>
      <p class="field-error">{{ form.error('priority') }}</p>
      <label class="field"
        ><span>For service (its name; empty: any)</span><input name="service" [(ngModel)]="draft.service" data-testid="policy-service"
      /></label>
      <p class="field-error">{{ form.error('serviceId') || form.error('service') }}</p>
      <label class="field"
        ><span>Calendar</span
        ><select name="calendarId" [(ngModel)]="draft.calendarId" data-testid="policy-calendar">
          @for (c of calendars(); track c.id) {
            <option [ngValue]="c.id">{{ c.name }}</option>
          }
        </select>
      </label>
      <p class="field-error">{{ form.error('calendarId') }}</p>
      <label class="field"
        ><span>Response target (business time, e.g. PT4H)</span
        ><input
          name="responseTarget"
          [(ngModel)]="draft.responseTarget"
          data-testid="policy-response"
          (ngModelChange)="form.edited('responseTarget')"
          [attr.aria-invalid]="form.error('responseTarget') ? true : null"
      /></label>
      <p class="field-error" data-testid="policy-response-error">{{ form.error('responseTarget') }}</p>
      <label class="field"
        ><span>Resolution target</span
        ><input
          name="resolutionTarget"
          [(ngModel)]="draft.resolutionTarget"
          data-testid="policy-resolution"
          (ngModelChange)="form.edited('resolutionTarget')"
          [attr.aria-invalid]="form.error('resolutionTarget') ? true : null"
      /></label>
      <p class="field-error" data-testid="policy-resolution-error">{{ form.error('resolutionTarget') }}</p>
      <label class="field"
        ><span>Warn at (% of the resolution target)</span
        ><input type="number" name="warningPercent" min="1" max="99" [(ngModel)]="draft.warningPercent" data-testid="policy-warning"
      /></label>
      <p class="field-error">{{ form.error('warningPercent') }}</p>
    </app-action-form>
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
  protected readonly form = new FormRun(FIELDS, 'path');
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
    const calendarId = this.draft.calendarId || this.calendars()[0]?.id || '';
    const input = { ...this.draft, calendarId, service: this.draft.service?.trim() || null, name: this.draft.name.trim() };
    const editing = this.editing();
    const changes = editing ? this.changed(editing, input) : {};
    if (editing && !Object.keys(changes).length) {
      this.created.emit(editing);
      return;
    }
    const saved = await this.form.run(() =>
      firstValueFrom(editing ? this.api.updatePolicy(editing.id, changes) : this.api.createPolicy(input)),
    );
    if (!saved) return;
    this.created.emit(saved);
    if (!editing) this.draft = this.empty();
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
