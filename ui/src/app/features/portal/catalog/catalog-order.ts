import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { CatalogApi, CatalogOrder } from '../../../core/api/catalog-api';

const REFRESH_MS = 5_000;

/** On a request ordered from the catalog: what was ordered, the answers, and the fulfilment tasks under way. */
@Component({
  selector: 'app-catalog-order',
  template: `
    @if (order(); as o) {
      <section class="card" aria-labelledby="order-title" data-testid="catalog-order-view">
        <h3 id="order-title">Your order: {{ o.catalogItemName }}</h3>
        <dl class="answers">
          @for (a of answers(o); track a[0]) {
            <dt>{{ a[0] }}</dt>
            <dd>{{ a[1] }}</dd>
          }
        </dl>
        @if (o.progress.openTasks.length) {
          <p>Being worked on now:</p>
          <ul data-testid="catalog-order-tasks">
            @for (t of o.progress.openTasks; track t.elementId) {
              <li data-testid="catalog-order-task">{{ t.name ?? t.elementId }}</li>
            }
          </ul>
        } @else {
          <p class="muted" data-testid="catalog-order-status">
            {{ o.progress.status === 'COMPLETED' ? 'Delivered.' : 'Getting started…' }}
          </p>
        }
      </section>
    }
  `,
  styles: `
    .answers {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.2rem 1rem;
    }
    dd {
      margin: 0;
    }
  `,
})
export class CatalogOrderView {
  private readonly api = inject(CatalogApi);
  readonly ticketNumber = input.required<string>();
  protected readonly order = signal<CatalogOrder | null>(null);
  private timer?: ReturnType<typeof setTimeout>;

  constructor() {
    effect((onCleanup) => {
      const number = this.ticketNumber();
      untracked(() => void this.load(number));
      onCleanup(() => clearTimeout(this.timer));
    });
  }

  protected answers(o: CatalogOrder): Array<[string, string]> {
    return Object.entries(o.answers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]);
  }

  private async load(number: string): Promise<void> {
    try {
      const order = await firstValueFrom(this.api.orderOf(number));
      this.order.set(order);
      // Follow it while it runs: the fulfilment tasks change as the desk works.
      if (order.progress.status !== 'COMPLETED' && order.progress.status !== 'CANCELED')
        this.timer = setTimeout(() => void this.load(number), REFRESH_MS);
    } catch {
      // Not ordered from the catalog (404): nothing to show.
      this.order.set(null);
    }
  }
}
