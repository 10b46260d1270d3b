import { Component, ElementRef, afterNextRender, inject, output, signal } from '@angular/core';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../../core/api/field-problems';
import { CATEGORIES, LEVELS, Level } from '../../../core/api/ticket-types';
import { firstValueFrom } from 'rxjs';
import { CatalogApi } from '../../../core/api/catalog-api';
import { TicketsApi } from '../../../core/api/tickets-api';
import { TicketView } from '../../../core/tickets/ticket-view';
import { ProblemMessage } from '../../operate/problem-message';

type Field = 'category' | 'subcategory' | 'service' | 'impact' | 'urgency';
const FIELDS: readonly Field[] = ['category', 'subcategory', 'service', 'impact', 'urgency'];

/** Category, impact and urgency; the process derives the priority from the matrix and routes the ticket. */
@Component({
  selector: 'app-categorise-form',
  imports: [ProblemMessage],
  template: `
    <form class="action-form" data-testid="categorise-form" (submit)="submit($event)" aria-labelledby="categorise-title" novalidate>
      <h4 id="categorise-title">Categorise</h4>
      <div class="grid">
        <label class="field">
          <span>Category</span>
          <select
            data-testid="categorise-category"
            required
            [value]="values().category"
            (change)="set('category', $event)"
            [attr.aria-invalid]="problems().fields['category'] ? true : null"
            aria-describedby="cat-category-error"
          >
            <option value="">Choose…</option>
            @for (c of categories; track c.value) {
              <option [value]="c.value" [selected]="c.value === values().category">{{ c.label }}</option>
            }
          </select>
          <span id="cat-category-error" class="field-error">{{ problems().fields['category'] }}</span>
        </label>
        <label class="field">
          <span>Subcategory <small>(optional)</small></span>
          <input
            type="text"
            data-testid="categorise-subcategory"
            [value]="values().subcategory"
            (input)="set('subcategory', $event)"
            [attr.aria-invalid]="problems().fields['subcategory'] ? true : null"
            aria-describedby="cat-subcategory-error"
          />
          <span id="cat-subcategory-error" class="field-error">{{ problems().fields['subcategory'] }}</span>
        </label>
        <label class="field">
          <span>Service <small>(optional)</small></span>
          <!-- The services of the ticket's customer (its own and those serving it); the API resolves the name to the service. -->
          <select
            data-testid="categorise-service"
            (change)="set('service', $event)"
            [attr.aria-invalid]="problems().fields['service'] ? true : null"
            aria-describedby="cat-service-error"
          >
            <option value="">None</option>
            @for (s of services(); track s) {
              <option [value]="s" [selected]="s === values().service">{{ s }}</option>
            }
          </select>
          <span id="cat-service-error" class="field-error">{{ problems().fields['service'] }}</span>
        </label>
        @for (f of levelFields; track f) {
          <label class="field">
            <span>{{ f === 'impact' ? 'Impact' : 'Urgency' }}</span>
            <select
              [attr.data-testid]="'categorise-' + f"
              required
              (change)="set(f, $event)"
              [attr.aria-invalid]="problems().fields[f] ? true : null"
              [attr.aria-describedby]="'cat-' + f + '-error'"
            >
              <option value="">Choose…</option>
              @for (l of levels; track l) {
                <option [value]="l" [selected]="l === values()[f]">{{ l }}</option>
              }
            </select>
            <span [id]="'cat-' + f + '-error'" class="field-error">{{ problems().fields[f] }}</span>
          </label>
        }
      </div>
      @if (problems().general; as p) {
        <app-problem-message data-testid="categorise-error" [problem]="p" />
      }
      <div class="buttons">
        <button type="submit" class="primary" data-testid="categorise-submit" [disabled]="busy()">
          {{ busy() ? 'Saving…' : 'Categorise' }}
        </button>
        <button type="button" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
      gap: 0.5rem 0.75rem;
    }
  `,
})
export class CategoriseForm {
  constructor() {
    // Opened from its button: keyboard users continue in the form.
    const host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => host.querySelector<HTMLElement>('select, textarea, input')?.focus());
    void firstValueFrom(inject(CatalogApi).services(this.view.ticket()?.organizationId ?? undefined))
      .then((list) => this.services.set([...new Set([...this.services(), ...list.map((s) => s.name)])].sort()))
      .catch(() => undefined);
  }

  private readonly api = inject(TicketsApi);
  private readonly view = inject(TicketView);
  /** Service names to pick from; the ticket's own stays listed even when the list cannot be had. */
  protected readonly services = signal<string[]>(this.view.ticket()?.service ? [this.view.ticket()!.service!] : []);

  readonly done = output<void>();
  readonly cancelled = output<void>();

  /** The usual categories, and the ticket's own when it is another one. */
  protected readonly categories: readonly { value: string; label: string }[] = (() => {
    const own = this.view.ticket()?.category;
    return own && !CATEGORIES.some((c) => c.value === own) ? [...CATEGORIES, { value: own, label: own }] : CATEGORIES;
  })();
  protected readonly levels = LEVELS;
  protected readonly levelFields = ['impact', 'urgency'] as const;
  /** Starts from what the caller gave. */
  protected readonly values = signal<Record<Field, string>>(this.initial());
  protected readonly busy = signal(false);
  protected readonly problems = signal<FormProblems>(NO_PROBLEMS);

  protected set(field: Field, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    this.values.update((v) => ({ ...v, [field]: value }));
    this.problems.update((p) => ({ ...p, fields: { ...p.fields, [field]: '' } }));
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const ticket = this.view.ticket();
    if (!ticket || this.busy()) return;
    const v = this.values();
    const fields: Record<string, string> = {};
    if (!v.category) fields['category'] = 'Choose a category.';
    if (!v.impact) fields['impact'] = 'How many are affected?';
    if (!v.urgency) fields['urgency'] = 'How soon is it needed?';
    if (Object.keys(fields).length) {
      this.problems.set({ fields, general: null });
      return;
    }
    this.busy.set(true);
    const problem = await this.view.act(() =>
      this.api.categorise(ticket.number, {
        category: v.category,
        subcategory: v.subcategory.trim() || null,
        service: v.service.trim() || null,
        impact: v.impact as Level,
        urgency: v.urgency as Level,
      }),
    );
    this.busy.set(false);
    this.problems.set(problem ? formProblems(problem, FIELDS) : NO_PROBLEMS);
    if (!problem) this.done.emit();
  }

  private initial(): Record<Field, string> {
    const t = this.view.ticket();
    return {
      category: t?.category ?? '',
      subcategory: t?.subcategory ?? '',
      service: t?.service ?? '',
      impact: t?.impact ?? '',
      urgency: t?.urgency ?? '',
    };
  }
}
