import { computed, signal } from '@angular/core';
import { Observable, firstValueFrom } from 'rxjs';
import { Page } from '../../../core/api/api-types';
import { SiteListItem } from '../../../core/api/cmdb-api';

/**
 * The customers and sites the CI form offers. Staff may not list customers, but they see their customers' sites,
 * and each listed site names its customer: the customers are those. A CI's site is one of its customer's (the API
 * refuses another's), so the sites follow the chosen customer.
 */
export class CiSiteChoices {
  private readonly sites = signal<SiteListItem[]>([]);
  /** The chosen customer's id, '' for none (the provider's own). */
  readonly customerId = signal('');
  readonly customers = computed(() => {
    const byId = new Map<string, string>();
    for (const s of this.sites()) if (s.organizationId) byId.set(s.organizationId, s.organizationName ?? s.organizationId);
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  });
  readonly sitesOfCustomer = computed(() => this.sites().filter((s) => (s.organizationId ?? '') === this.customerId()));

  /** A listed site, to name it; undefined for one the reader may not see (or not loaded yet). */
  site(id: string): SiteListItem | undefined {
    return this.sites().find((s) => s.id === id);
  }

  /** A customer's name as its listed sites give it; undefined for a customer with no site the reader sees. */
  customerName(id: string): string | undefined {
    return this.customers().find((c) => c.id === id)?.name;
  }

  /** Reads every page (the API pages sites by 100; ten pages is more than one desk serves); none on failure. */
  async load(page: (offset: number) => Observable<Page<SiteListItem>>): Promise<void> {
    const all: SiteListItem[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const { items, total } = await firstValueFrom(page(all.length));
        all.push(...items);
        if (!items.length || all.length >= total) break;
      }
    } finally {
      this.sites.set(all);
    }
  }
}
