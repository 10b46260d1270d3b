import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { BusinessCalendar, DeskConfigApi, SlaPolicy } from '../../../core/api/desk-config-api';
import { ListPage } from '../../../shared/list-page/list-page';
import { ViewState } from '../../../shared/state-view/state-view';
import { AdminNav } from '../admin-nav';
import { CalendarForm } from './calendar-form';
import { PolicyForm } from './policy-form';

const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * Business calendars and the SLA policies that count in them, each list beside the form that adds to it. Both
 * lists are the shared list page (loading, empty and failed states); the forms are the shared action form.
 */
@Component({
  selector: 'app-sla-page',
  imports: [AdminNav, CalendarForm, ListPage, PolicyForm],
  styleUrl: './desk-config.css',
  template: `
    <app-admin-nav />
    <h1>Business hours and SLAs</h1>
    <div class="layout">
      <app-list-page
        heading="Business calendars"
        testId="calendars"
        emptyText="No calendar yet."
        errorText="The calendars could not be loaded."
        [state]="calendarsState()"
        [problem]="problem()"
        (retry)="load()"
      >
        <ul>
          @for (c of calendars(); track c.id) {
            <li data-testid="calendar-row" [attr.data-name]="c.name">
              <strong>{{ c.name }}</strong> <span class="muted">{{ c.definition.timeZone }}</span>
              <div class="hint">{{ hoursOf(c) }}</div>
              @if (c.definition.holidays.length) {
                <div class="hint">Holidays: {{ c.definition.holidays.join(', ') }}</div>
              }
              @if (editingCalendar() === c.id) {
                <app-calendar-form [editing]="c" (created)="edited()" (cancelled)="editingCalendar.set(null)" />
              } @else {
                <button
                  type="button"
                  (click)="editingCalendar.set(c.id)"
                  [attr.aria-label]="'Edit calendar ' + c.name"
                  data-testid="calendar-edit"
                >
                  Edit
                </button>
              }
            </li>
          }
        </ul>
        <h3>New calendar</h3>
        <app-calendar-form (created)="load()" />
      </app-list-page>
      <app-list-page
        heading="SLA policies"
        testId="policies"
        emptyText="No policy yet."
        errorText="The policies could not be loaded."
        [state]="policiesState()"
        [problem]="problem()"
        (retry)="load()"
      >
        @if (policies().length) {
          <table>
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">For</th>
                <th scope="col">Targets</th>
                <th scope="col">Calendar</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (p of policies(); track p.id) {
                <tr data-testid="policy-row" [attr.data-name]="p.name">
                  <td>{{ p.name }}</td>
                  <td>{{ p.priority ?? 'any priority' }}{{ p.service ? ', ' + p.service : '' }}</td>
                  <td>respond {{ p.responseTarget }}, resolve {{ p.resolutionTarget }}</td>
                  <td>{{ calendarName(p.calendarId) }}</td>
                  <td>
                    <button
                      type="button"
                      (click)="editingPolicy.set(p.id)"
                      [attr.aria-label]="'Edit policy ' + p.name"
                      data-testid="policy-edit"
                    >
                      Edit
                    </button>
                  </td>
                </tr>
                @if (editingPolicy() === p.id) {
                  <tr>
                    <td colspan="5">
                      <app-policy-form [calendars]="calendars()" [editing]="p" (created)="edited()" (cancelled)="editingPolicy.set(null)" />
                    </td>
                  </tr>
                }
              }
            </tbody>
          </table>
        }
        <h3>New policy</h3>
        @if (hasCalendars()) {
          <app-policy-form [calendars]="calendars()" (created)="load()" />
        } @else {
          <p class="hint">Create a calendar first: a policy's clock counts in one.</p>
        }
      </app-list-page>
    </div>
  `,
})
export class SlaPage implements OnInit {
  private readonly api = inject(DeskConfigApi);
  protected readonly calendars = signal<BusinessCalendar[]>([]);
  protected readonly policies = signal<SlaPolicy[]>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly hasCalendars = computed(() => this.calendars().length > 0);
  private readonly loaded = signal(false);
  protected readonly calendarsState = computed<ViewState>(() =>
    this.problem() ? 'error' : !this.loaded() ? 'loading' : this.calendars().length ? 'ready' : 'empty',
  );
  protected readonly policiesState = computed<ViewState>(() =>
    this.problem() ? 'error' : !this.loaded() ? 'loading' : this.policies().length ? 'ready' : 'empty',
  );
  /** The calendar and the policy whose edit form is open (one of each at most). */
  protected readonly editingCalendar = signal<string | null>(null);
  protected readonly editingPolicy = signal<string | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  protected hoursOf(c: BusinessCalendar): string {
    const days = Object.entries(c.definition.weekly).sort(([a], [b]) => Number(a) - Number(b));
    return days.map(([d, spans]) => `${DAY_SHORT[Number(d) - 1]} ${spans.map((s) => `${s.start}–${s.end}`).join(', ')}`).join(' · ');
  }

  protected calendarName(id: string): string {
    return this.calendars().find((c) => c.id === id)?.name ?? id;
  }

  protected edited(): void {
    this.editingCalendar.set(null);
    this.editingPolicy.set(null);
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      const [calendars, policies] = await Promise.all([firstValueFrom(this.api.calendars()), firstValueFrom(this.api.policies())]);
      this.calendars.set(calendars.items);
      this.policies.set(policies.items);
      this.problem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }
}
