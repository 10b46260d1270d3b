import { Component, computed, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatDialog } from '@angular/material/dialog';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ChangeConflicts, describeCiConflict, hasConflicts } from '../../../core/api/approvals-api';
import { CatalogApi } from '../../../core/api/catalog-api';
import { BlackoutWindow, CalendarChange, ChangesApi } from '../../../core/api/changes-api';
import { CmdbApi } from '../../../core/api/cmdb-api';
import { BlackoutPanel } from './blackout-panel';
import { CalendarDay, CalendarMode, daysOf, isoDate, overlapsDay, shift } from './calendar-days';
import { RaiseChangeDialog } from './raise-change-dialog';

/** A change on the calendar with what collides with it (null while its conflicts are being read). */
export interface MarkedChange extends CalendarChange {
  conflicts: ChangeConflicts | null;
  conflicting: boolean;
}

/** States a change no longer holds its window in: their conflicts are not worth reading. */
const FINISHED = ['closed', 'rejected', 'cancelled'];
const STATES = ['new', 'assessing', 'awaiting_approval', 'scheduled', 'implemented', 'review', 'closed', 'rejected', 'cancelled'];

/**
 * The change calendar: changes by their planned window as a month or a week, filtered by service,
 * configuration item and state. A change that collides (another change on its services or CIs in
 * an overlapping window, or a blackout window) is marked, and so is every day inside a blackout.
 */
@Component({
  selector: 'app-change-calendar-page',
  imports: [BlackoutPanel, DatePipe, RouterLink],
  templateUrl: './change-calendar-page.html',
  styleUrl: './change-calendar-page.css',
})
export class ChangeCalendarPage {
  private readonly api = inject(ChangesApi);
  private readonly cmdb = inject(CmdbApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  protected readonly mode = signal<CalendarMode>('month');
  protected readonly describeCiConflict = describeCiConflict;
  protected readonly anchor = signal(new Date());
  protected readonly service = signal('');
  protected readonly state = signal('');
  protected readonly ci = signal<{ id: string; label: string } | null>(null);
  protected readonly ciMessage = signal<string | null>(null);
  protected readonly services = signal<string[]>([]);
  protected readonly states = STATES;
  protected readonly changes = signal<MarkedChange[]>([]);
  protected readonly blackouts = signal<BlackoutWindow[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly days = computed(() => daysOf(this.mode(), this.anchor()));
  /** The days in rows of seven: a grid's cells sit in rows for assistive technology (ARIA grid). */
  protected readonly weeks = computed(() => {
    const days = this.days();
    return Array.from({ length: Math.ceil(days.length / 7) }, (_, i) => days.slice(i * 7, i * 7 + 7));
  });
  protected readonly weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  protected readonly anchorDate = computed(() => isoDate(this.anchor()));
  protected readonly conflictCount = computed(() => this.changes().filter((c) => c.conflicting).length);

  constructor() {
    void firstValueFrom(inject(CatalogApi).services())
      .then((list) => this.services.set(list.map((s) => s.name).sort()))
      .catch(() => undefined);
    void this.load();
  }

  protected changesOn(day: CalendarDay): MarkedChange[] {
    return this.changes().filter((c) => overlapsDay(day, c.plannedStartAt, c.plannedEndAt));
  }

  protected blackoutsOn(day: CalendarDay): BlackoutWindow[] {
    return this.blackouts().filter((b) => overlapsDay(day, b.startsAt, b.endsAt));
  }

  /** Raises a change in a dialog, then opens it: its page shows the assessment and approvals as they come. */
  protected async raiseChange(): Promise<void> {
    const ref = this.dialog.open<RaiseChangeDialog, void, string>(RaiseChangeDialog, {
      width: 'min(44rem, calc(100vw - 2rem))',
      maxWidth: 'calc(100vw - 2rem)',
      ariaModal: true,
    });
    const number = await firstValueFrom(ref.afterClosed());
    if (number) await this.router.navigate(['/desk/tickets', number]);
  }

  /** A blackout window was added or removed: the day marks and every change's conflicts change with it. */
  protected reload(): void {
    void this.load();
  }

  protected setMode(mode: CalendarMode): void {
    this.mode.set(mode);
    void this.load();
  }

  protected move(by: -1 | 1): void {
    this.anchor.set(shift(this.mode(), this.anchor(), by));
    void this.load();
  }

  protected goTo(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    const [y, m, d] = value.split('-').map(Number);
    if (!y || !m || !d) return;
    this.anchor.set(new Date(y, m - 1, d));
    void this.load();
  }

  protected filter(field: 'service' | 'state', event: Event): void {
    this[field].set((event.target as HTMLSelectElement).value);
    void this.load();
  }

  /** Finds the CI by key or name (the first match); an empty box clears the filter. */
  protected async filterCi(event: Event, q: string): Promise<void> {
    event.preventDefault();
    this.ciMessage.set(null);
    const text = q.trim();
    if (!text) {
      this.ci.set(null);
    } else {
      try {
        const found = (await firstValueFrom(this.cmdb.search(text, 20))).items;
        const exact = found.find((c) => c.key.toLowerCase() === text.toLowerCase() || c.name.toLowerCase() === text.toLowerCase());
        const pick = exact ?? found[0];
        if (!pick) {
          this.ciMessage.set(`No configuration item matches “${text}”.`);
          return;
        }
        this.ci.set({ id: pick.id, label: `${pick.name} (${pick.key})` });
      } catch {
        this.ciMessage.set('The configuration items could not be searched.');
        return;
      }
    }
    await this.load();
  }

  /** Counts loads, so an answer overtaken by a later filter or move is dropped. */
  private loads = 0;

  private async load(): Promise<void> {
    const seq = ++this.loads;
    const days = this.days();
    const from = days[0]!.start;
    const to = days[days.length - 1]!.end;
    this.loading.set(true);
    this.error.set(null);
    try {
      const filter = { service: this.service(), state: this.state(), ci: this.ci()?.id };
      const [changes, blackouts] = await Promise.all([
        firstValueFrom(this.api.calendar(from, to, filter)),
        firstValueFrom(this.api.blackouts(from, to)),
      ]);
      if (seq !== this.loads) return;
      this.blackouts.set(blackouts);
      // Until their conflicts are read again, changes already shown keep their marks (no flicker on a filter).
      const shown = new Map(this.changes().map((c) => [c.number, c]));
      this.changes.set(
        changes.map((c) => ({
          ...c,
          conflicts: shown.get(c.number)?.conflicts ?? null,
          conflicting: shown.get(c.number)?.conflicting ?? false,
        })),
      );
      // Each change's conflicts as the API judges them (services, CIs, blackouts), not guessed from the page.
      const marked = await Promise.all(
        changes.map(async (c): Promise<MarkedChange> => {
          if (FINISHED.includes(c.state)) return { ...c, conflicts: null, conflicting: false };
          const conflicts = await firstValueFrom(this.api.conflicts(c.number)).catch(() => null);
          return { ...c, conflicts, conflicting: hasConflicts(conflicts) };
        }),
      );
      if (seq === this.loads) this.changes.set(marked);
    } catch {
      if (seq === this.loads) this.error.set('The change calendar could not be loaded.');
    } finally {
      if (seq === this.loads) this.loading.set(false);
    }
  }
}
