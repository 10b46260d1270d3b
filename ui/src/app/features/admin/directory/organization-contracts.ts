import { Component, ElementRef, OnChanges, inject, input, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { Contract, DirectoryApi, Organization } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

const FIELDS = ['name', 'validFrom', 'validTo', 'responseHours', 'calendarId', 'responseTarget', 'onSiteTarget'] as const;
const blank = () => ({ name: '', validFrom: '', validTo: '', responseHours: '', calendarId: '', responseTarget: '', onSiteTarget: '' });

/**
 * A customer's contracts: their validity and SLA terms — a response time in hours, or business-time
 * targets (to a technician dispatched, on site) counted on a business calendar, which the API requires
 * with either target.
 */
@Component({
  selector: 'app-organization-contracts',
  imports: [FormsModule, ProblemMessage],
  template: `
    <section class="card" [attr.aria-label]="'Contracts of ' + organization().name" data-testid="organization-contracts">
      <h3>Contracts of {{ organization().name }}</h3>
      <ul class="contracts">
        @for (c of contracts(); track c.id) {
          <li [attr.data-testid]="'contract-' + c.name">
            <strong>{{ c.name }}</strong> <span class="muted">{{ c.validFrom }} – {{ c.validTo ?? 'open-ended' }}</span>
            <span>{{ terms(c) }}</span>
            <button type="button" (click)="edit(c)" [attr.aria-label]="'Edit contract ' + c.name" data-testid="contract-edit">Edit</button>
          </li>
        } @empty {
          <li class="muted">No contract yet.</li>
        }
      </ul>
      <form
        class="grid"
        (ngSubmit)="save()"
        novalidate
        [attr.aria-label]="editing() ? 'Edit contract ' + editing()!.name : 'New contract'"
        data-testid="contract-form"
      >
        <label class="field"
          ><span>Contract name</span
          ><input #nameInput name="name" data-testid="contract-name" [(ngModel)]="draft.name" [attr.aria-invalid]="err('name')" />
          <span class="field-error" data-testid="contract-name-error">{{ problems().fields['name'] }}</span></label
        >
        <label class="field"
          ><span>Valid from</span
          ><input
            type="date"
            name="validFrom"
            data-testid="contract-valid-from"
            [(ngModel)]="draft.validFrom"
            [attr.aria-invalid]="err('validFrom')"
          />
          <span class="field-error" data-testid="contract-valid-from-error">{{ problems().fields['validFrom'] }}</span></label
        >
        <label class="field"
          ><span>Valid to <small>(optional)</small></span
          ><input
            type="date"
            name="validTo"
            data-testid="contract-valid-to"
            [(ngModel)]="draft.validTo"
            [attr.aria-invalid]="err('validTo')"
          />
          <span class="field-error">{{ problems().fields['validTo'] }}</span></label
        >
        <label class="field"
          ><span>Response hours <small>(optional)</small></span
          ><input
            name="responseHours"
            inputmode="numeric"
            data-testid="contract-response-hours"
            [(ngModel)]="draft.responseHours"
            [attr.aria-invalid]="err('responseHours')"
          />
          <span class="field-error" data-testid="contract-response-hours-error">{{ problems().fields['responseHours'] }}</span></label
        >
        <label class="field"
          ><span>Business calendar</span>
          <select name="calendarId" data-testid="contract-calendar" [(ngModel)]="draft.calendarId" [attr.aria-invalid]="err('calendarId')">
            <option value="">None</option>
            @for (c of calendars(); track c.id) {
              <option [value]="c.id">{{ c.name }}</option>
            }
          </select>
          <span class="field-error" data-testid="contract-calendar-error">{{ problems().fields['calendarId'] }}</span></label
        >
        <label class="field"
          ><span>Dispatch target <small>(e.g. PT2H)</small></span
          ><input
            name="responseTarget"
            data-testid="contract-response-target"
            [(ngModel)]="draft.responseTarget"
            [attr.aria-invalid]="err('responseTarget')"
          />
          <span class="field-error" data-testid="contract-response-target-error">{{ problems().fields['responseTarget'] }}</span></label
        >
        <label class="field"
          ><span>On-site target <small>(e.g. PT4H)</small></span
          ><input
            name="onSiteTarget"
            data-testid="contract-on-site-target"
            [(ngModel)]="draft.onSiteTarget"
            [attr.aria-invalid]="err('onSiteTarget')"
          />
          <span class="field-error">{{ problems().fields['onSiteTarget'] }}</span></label
        >
        @if (editing()) {
          <div class="actions">
            <button type="submit" [disabled]="busy()" data-testid="contract-save">Save contract</button>
            <button type="button" (click)="cancelEdit()" data-testid="contract-cancel">Cancel</button>
          </div>
        } @else {
          <button type="submit" [disabled]="busy()" data-testid="contract-create">Add contract</button>
        }
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" data-testid="contract-problem" />
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
    </section>
  `,
  styles: `
    .contracts {
      list-style: none;
      padding: 0;
    }
    .contracts li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      padding: 0.3rem 0;
      border-bottom: 1px solid var(--border);
    }
    .actions {
      display: flex;
      gap: 0.5rem;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
      gap: 0.5rem 1rem;
      align-items: end;
    }
  `,
})
export class OrganizationContracts implements OnChanges {
  private readonly api = inject(DirectoryApi);
  readonly organization = input.required<Organization>();
  protected readonly contracts = signal<Contract[]>([]);
  protected readonly calendars = signal<Array<{ id: string; name: string }>>([]);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected draft = blank();
  /** The contract the form changes; none: it adds one. */
  protected readonly editing = signal<Contract | null>(null);
  private readonly nameInput = viewChild<ElementRef<HTMLInputElement>>('nameInput');

  ngOnChanges(): void {
    void this.load();
  }

  protected err(field: string): boolean {
    return !!this.problems().fields[field];
  }

  protected terms(c: Contract): string {
    const parts = [
      c.responseHours !== null ? `response within ${c.responseHours} h` : null,
      c.responseTarget ? `dispatch within ${c.responseTarget}` : null,
      c.onSiteTarget ? `on site within ${c.onSiteTarget}` : null,
    ].filter((p): p is string => !!p);
    const calendar = this.calendars().find((k) => k.id === c.calendarId)?.name;
    return (parts.join(', ') || 'no SLA terms') + (calendar ? ` (${calendar})` : '');
  }

  /** Fills the form with the contract's terms and moves focus there, so keyboard users land on it. */
  protected edit(c: Contract): void {
    this.problems.set(NO_PATH_PROBLEMS);
    this.editing.set(c);
    this.draft = {
      name: c.name,
      validFrom: c.validFrom,
      validTo: c.validTo ?? '',
      responseHours: c.responseHours === null ? '' : String(c.responseHours),
      calendarId: c.calendarId ?? '',
      responseTarget: c.responseTarget ?? '',
      onSiteTarget: c.onSiteTarget ?? '',
    };
    this.nameInput()?.nativeElement.focus();
  }

  protected cancelEdit(): void {
    this.editing.set(null);
    this.problems.set(NO_PATH_PROBLEMS);
    this.draft = blank();
  }

  protected save(): Promise<void> {
    return this.editing() ? this.update() : this.create();
  }

  /** Sends every field: a field emptied on the form clears the term (null), as the API reads it. */
  private async update(): Promise<void> {
    const editing = this.editing()!;
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    const d = this.draft;
    const orNull = (v: string) => v.trim() || null;
    const hours = orNull(d.responseHours);
    try {
      const updated = await firstValueFrom(
        this.api.updateContract(editing.id, {
          name: d.name,
          validFrom: d.validFrom,
          validTo: orNull(d.validTo),
          responseHours: hours === null ? null : Number.isFinite(Number(hours)) ? Number(hours) : (hours as unknown as number),
          calendarId: orNull(d.calendarId),
          responseTarget: orNull(d.responseTarget),
          onSiteTarget: orNull(d.onSiteTarget),
        }),
      );
      this.contracts.update((list) => list.map((c) => (c.id === updated.id ? updated : c)));
      this.cancelEdit();
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }

  private async create(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    const d = this.draft;
    // Empty optional fields are left out rather than sent as "", so the API judges only what was typed.
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    const hours = optional(d.responseHours);
    try {
      const created = await firstValueFrom(
        this.api.createContract({
          organizationId: this.organization().id,
          name: d.name,
          validFrom: d.validFrom,
          ...(optional(d.validTo) ? { validTo: d.validTo } : {}),
          ...(hours ? { responseHours: Number.isFinite(Number(hours)) ? Number(hours) : (hours as unknown as number) } : {}),
          ...(optional(d.calendarId) ? { calendarId: d.calendarId } : {}),
          ...(optional(d.responseTarget) ? { responseTarget: d.responseTarget.trim() } : {}),
          ...(optional(d.onSiteTarget) ? { onSiteTarget: d.onSiteTarget.trim() } : {}),
        }),
      );
      this.contracts.update((list) => [...list, created]);
      this.draft = blank();
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    this.loadError.set(null);
    try {
      const [contracts, calendars] = await Promise.all([
        firstValueFrom(this.api.contracts(this.organization().id)),
        firstValueFrom(this.api.calendars()),
      ]);
      this.contracts.set(contracts.items);
      this.calendars.set(calendars.items.map(({ id, name }) => ({ id, name })));
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
