import { Component, ElementRef, OnDestroy, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { CurrencyPipe } from '@angular/common';
import { Router, RouterLink } from '@angular/router';
import { Form } from '@bpmn-io/form-js-viewer';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CatalogApi, CatalogItem } from '../../../core/api/catalog-api';
import { ProblemMessage } from '../../operate/problem-message';

/**
 * One catalog item: its request form rendered by form-js from the item's schema. form-js checks the
 * answers as she types; the API checks them again on submit, and a field it refuses is named here.
 */
@Component({
  selector: 'app-catalog-item-page',
  imports: [CurrencyPipe, ProblemMessage, RouterLink],
  template: `
    <p class="back"><a routerLink="/portal/catalog">← Catalog</a></p>
    @if (item(); as i) {
      <section class="card" aria-labelledby="item-title">
        <h2 id="item-title" data-testid="catalog-item-title">{{ i.name }}</h2>
        <p class="muted">{{ i.description }}</p>
        @if (i.price; as price) {
          <p>
            Price: <span class="mono">{{ price.amount | currency: price.currency }}</span>
          </p>
        }
        @if (i.approvalPolicy.kind !== 'none') {
          <p class="hint" data-testid="catalog-item-approval">Orders of this item are approved before they are fulfilled.</p>
        }
        <div #formHost class="request-form" data-testid="catalog-form"></div>
        @if (problem(); as p) {
          <app-problem-message data-testid="catalog-order-error" [problem]="p" />
        }
        <button type="button" class="primary" data-testid="catalog-order" [disabled]="busy()" (click)="submit()">
          {{ busy() ? 'Ordering…' : 'Order' }}
        </button>
      </section>
    } @else if (problem(); as p) {
      <app-problem-message data-testid="catalog-item-error" [problem]="p" />
    } @else {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .back {
      margin: 0 0 0.75rem;
    }
    .mono {
      font-family: var(--mono);
    }
    .request-form {
      margin: 1rem 0;
      max-width: 40rem;
    }
    .primary {
      color: #fff;
      background: var(--accent);
      border-color: var(--accent);
      font-weight: 600;
    }
  `,
})
export class CatalogItemPage implements OnDestroy {
  private readonly api = inject(CatalogApi);
  private readonly router = inject(Router);
  /** Route parameter. */
  readonly id = input.required<string>();
  protected readonly item = signal<CatalogItem | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly busy = signal(false);
  private readonly formHost = viewChild<ElementRef<HTMLElement>>('formHost');
  private form?: Form;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
    // The container exists once the item is shown: then form-js renders the schema into it.
    effect(() => {
      const host = this.formHost()?.nativeElement;
      const item = this.item();
      if (!host || !item) return;
      untracked(() => void this.render(host, item));
    });
  }

  ngOnDestroy(): void {
    this.form?.destroy();
  }

  protected async submit(): Promise<void> {
    const item = this.item();
    if (!item || !this.form || this.busy()) return;
    // form-js's own checks first: it marks each field in its words.
    const { data, errors } = this.form.submit();
    if (Object.keys(errors).length) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const order = await firstValueFrom(this.api.order(item.id, withoutEmpty(data)));
      await this.router.navigate(['/portal/tickets', order.ticketNumber]);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(id: string): Promise<void> {
    try {
      this.item.set(await firstValueFrom(this.api.item(id)));
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }

  private async render(host: HTMLElement, item: CatalogItem): Promise<void> {
    this.form?.destroy();
    this.form = new Form({ container: host });
    await this.form.importSchema(item.formSchema);
  }
}

/** form-js reports untouched fields as empty strings or null: the API reads those as "not answered" anyway. */
function withoutEmpty(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}
