import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { FieldApi, Part, SiteLocation, WorkOrder } from '../../core/api/field-api';
import { Session } from '../../core/auth/session';
import { FieldOutbox } from './field-outbox';
import { JobView, jobView } from './job-state';

interface Cached {
  at: string;
  workOrders: WorkOrder[];
  titles: Record<string, string>;
  locations: Record<string, SiteLocation>;
  /** The active parts catalogue as it was at `at` (absent in copies written before the parts picker). */
  parts?: Part[];
}

/** More than a van carries: a catalogue beyond this is searched online, not kept on the phone. */
const MAX_PARTS = 5_000;

const key = (userId: string) => `flowdesk.tech-jobs.${userId}`;

/**
 * The technician's jobs as the phone knows them: fetched when online, kept in localStorage so the app
 * opens offline with the last copy, and shown with the outbox's queued actions laid over them.
 */
@Injectable({ providedIn: 'root' })
export class TechJobs {
  private readonly api = inject(FieldApi);
  private readonly session = inject(Session);
  private readonly outbox = inject(FieldOutbox);
  private readonly cached = signal<Cached | null>(this.read());

  readonly error = signal<string | null>(null);
  readonly loadedAt = computed(() => this.cached()?.at ?? null);
  readonly titles = computed(() => this.cached()?.titles ?? {});
  readonly locations = computed(() => this.cached()?.locations ?? {});
  /** The parts catalogue kept with the jobs, so parts can be picked offline too. */
  readonly catalogue = computed(() => this.cached()?.parts ?? []);
  readonly jobs = computed<JobView[]>(() => {
    const entries = this.outbox.entries();
    return (this.cached()?.workOrders ?? []).map((w) => jobView(w, entries));
  });

  constructor() {
    // After a sync the server has moved on: read it again.
    effect(() => {
      if (this.outbox.flushed()) void this.refresh();
    });
  }

  job(number: string): JobView | undefined {
    return this.jobs().find((j) => j.workOrder.number === number);
  }

  async refresh(): Promise<void> {
    if (!navigator.onLine) return;
    try {
      const workOrders = (await firstValueFrom(this.api.myWorkOrders())).items;
      const before = this.cached();
      const titles = { ...before?.titles };
      const locations = { ...before?.locations };
      for (const w of workOrders) {
        titles[w.number] ??= await firstValueFrom(this.api.ticketTitle(w.number)).then(
          (t) => t.title,
          () => w.workType,
        );
        if (!locations[w.siteId]) {
          const location = await firstValueFrom(this.api.siteLocation(w.siteId)).catch(() => null);
          if (location) locations[w.siteId] = location;
        }
      }
      const parts = await this.catalogueNow().catch(() => before?.parts ?? []);
      this.write({ at: new Date().toISOString(), workOrders, titles, locations, parts });
      this.error.set(null);
    } catch (err) {
      this.error.set(toApiProblem(err).message);
    }
  }

  /** Every active part the technician may use (the provider's and their customers'), page by page. */
  private async catalogueNow(): Promise<Part[]> {
    const parts: Part[] = [];
    for (;;) {
      const page = await firstValueFrom(this.api.parts(parts.length));
      parts.push(...page.items);
      if (!page.items.length || parts.length >= Math.min(page.total, MAX_PARTS)) return parts;
    }
  }

  private read(): Cached | null {
    const userId = this.session.user()?.id;
    try {
      return userId ? (JSON.parse(localStorage.getItem(key(userId)) ?? 'null') as Cached | null) : null;
    } catch {
      return null;
    }
  }

  private write(value: Cached): void {
    const userId = this.session.user()?.id;
    if (userId) localStorage.setItem(key(userId), JSON.stringify(value));
    this.cached.set(value);
  }
}
