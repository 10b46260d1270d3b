import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { DatePipe } from '@angular/common';
import { firstValueFrom } from 'rxjs';
import { CatalogApi, CatalogOrder } from '../../../core/api/catalog-api';
import { approvalWords, fulfilmentTasks, stagesOf } from './request-stages';

const REFRESH_MS = 5_000;

/**
 * On a request ordered from the catalog, its requester's progress view: what was ordered, then each
 * step — submitted, its approvals (pending or decided, with the approver's comment), the fulfilment
 * tasks under way and done, delivered — followed live while the process runs.
 */
@Component({
  selector: 'app-catalog-order',
  imports: [DatePipe],
  templateUrl: './catalog-order.html',
  styleUrl: './catalog-order.css',
})
export class CatalogOrderView {
  private readonly api = inject(CatalogApi);
  readonly ticketNumber = input.required<string>();
  protected readonly order = signal<CatalogOrder | null>(null);
  protected readonly stages = computed(() => {
    const o = this.order();
    return o ? stagesOf(o) : [];
  });
  protected readonly openTasks = computed(() => {
    const o = this.order();
    return o ? fulfilmentTasks(o) : [];
  });
  protected readonly approvalWords = approvalWords;
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
      // Follow it while it runs: approvals are decided and fulfilment tasks finish as others work.
      if (order.progress.status !== 'COMPLETED' && order.progress.status !== 'CANCELED' && order.progress.status !== 'TERMINATED')
        this.timer = setTimeout(() => void this.load(number), REFRESH_MS);
    } catch {
      // Not ordered from the catalog (404): nothing to show.
      this.order.set(null);
    }
  }
}
