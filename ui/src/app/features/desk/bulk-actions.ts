import { Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { AssignmentOptions, RESOLUTION_CODES, ResolutionCode, Ticket } from '../../core/api/ticket-types';
import { TicketsApi } from '../../core/api/tickets-api';
import { problemInWords } from '../../core/api/problem-words';

/** What happened to one selected ticket: done, or why it was left as it was. */
export interface BulkResult {
  number: string;
  outcome: 'done' | 'refused';
  message: string;
}

type BulkAction = 'assign' | 'resolve';

/**
 * Acts on the tickets selected in the queue, one after the other, each through its own route: an assignment
 * (`POST /tickets/{n}/assignment`, with the version the queue read) or a resolution through the ticket's
 * process (`POST /tickets/{n}/actions/resolve`). A ticket whose process does not wait for that now is
 * reported with the API's reason and left alone, never forced; the others go on.
 */
@Component({
  selector: 'app-bulk-actions',
  imports: [FormsModule, MatButtonModule],
  template: `
    <section class="bulk" aria-labelledby="bulk-title" data-testid="bulk-actions">
      <h3 id="bulk-title">{{ tickets().length }} selected</h3>
      <form class="bulk-form" novalidate aria-label="Act on the selected tickets" (ngSubmit)="apply()">
        <label class="field inline">
          <span>Action</span>
          <select name="action" data-testid="bulk-action" [(ngModel)]="action">
            <option value="assign">Assign</option>
            <option value="resolve">Resolve</option>
          </select>
        </label>
        @if (action === 'assign') {
          <label class="field inline">
            <span>Group</span>
            <select name="group" data-testid="bulk-group" [ngModel]="group()" (ngModelChange)="group.set($event)">
              <option value="">Keep each ticket’s group</option>
              @for (g of options()?.groups ?? []; track g.key) {
                <option [value]="g.key">{{ g.name }}</option>
              }
            </select>
          </label>
          <label class="field inline">
            <span>Assignee</span>
            <select name="assignee" data-testid="bulk-assignee" [(ngModel)]="assignee">
              <option value="me">Me</option>
              <option value="">Nobody (the group’s queue)</option>
              @for (a of options()?.agents ?? []; track a.id) {
                <option [value]="a.id">{{ a.displayName }}{{ a.available ? '' : ' (away)' }}</option>
              }
            </select>
          </label>
        } @else {
          <label class="field inline">
            <span>Resolution</span>
            <select name="code" data-testid="bulk-resolution-code" [(ngModel)]="code">
              @for (c of codes; track c.value) {
                <option [value]="c.value">{{ c.label }}</option>
              }
            </select>
          </label>
          <label class="field notes">
            <span>Resolution notes (each caller reads them)</span>
            <textarea name="notes" rows="2" data-testid="bulk-resolution-notes" [(ngModel)]="notes"></textarea>
          </label>
        }
        <div class="buttons">
          <button mat-flat-button type="submit" data-testid="bulk-apply" [disabled]="busy() || !ready()">
            {{ busy() ? 'Working… ' + results().length + ' of ' + total() : 'Apply to ' + tickets().length }}
          </button>
          <button mat-button type="button" data-testid="bulk-clear" [disabled]="busy()" (click)="cleared.emit()">Clear selection</button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .bulk {
      margin: 0 0 0.75rem;
      padding: 0.75rem;
      border: 1px solid var(--accent);
      border-radius: 6px;
      background: #f3f8fd;
    }
    h3 {
      margin: 0 0 0.5rem;
      font-size: 1rem;
    }
    .bulk-form {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
    }
    .bulk-form select,
    .notes textarea {
      max-width: 100%;
    }
    .notes {
      flex: 1 1 16rem;
      min-width: 0;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
  `,
})
export class BulkActions {
  private readonly api = inject(TicketsApi);
  /** The selected tickets as the queue read them (their versions go with an assignment). */
  readonly tickets = input.required<Ticket[]>();
  readonly finished = output<BulkResult[]>();
  readonly cleared = output<void>();
  protected readonly codes = RESOLUTION_CODES;
  protected readonly busy = signal(false);
  protected readonly results = signal<BulkResult[]>([]);
  protected readonly total = signal(0);
  protected readonly group = signal('');
  protected readonly options = signal<AssignmentOptions | null>(null);
  protected action: BulkAction = 'assign';
  protected assignee = 'me';
  protected code: ResolutionCode = 'solved';
  protected notes = '';
  private readonly first = computed(() => this.tickets()[0]?.number ?? null);

  constructor() {
    // The groups, and the agents of the chosen group, as the first selected ticket offers them.
    effect(() => {
      const first = this.first();
      const group = this.group();
      if (!first) return;
      firstValueFrom(this.api.assignmentOptions(first, group || undefined)).then(
        (o) => this.options.set(o),
        () => this.options.set(null),
      );
    });
  }

  protected ready(): boolean {
    return this.tickets().length > 0 && (this.action === 'assign' || this.notes.trim().length > 0);
  }

  protected async apply(): Promise<void> {
    if (this.busy() || !this.ready()) return;
    const tickets = this.tickets();
    this.busy.set(true);
    this.results.set([]);
    this.total.set(tickets.length);
    for (const t of tickets) {
      const result = await this.one(t);
      this.results.update((list) => [...list, result]);
    }
    this.busy.set(false);
    this.finished.emit(this.results());
  }

  private async one(t: Ticket): Promise<BulkResult> {
    try {
      if (this.action === 'assign') {
        const change = { ...(this.group() ? { assignmentGroup: this.group() } : {}), assigneeId: this.assignee || null };
        const updated = await firstValueFrom(this.api.assign(t.number, t.version, change));
        const who = updated.assignee?.displayName ?? 'nobody';
        return { number: t.number, outcome: 'done', message: `assigned to ${who}${updated.group ? ' in ' + updated.group.name : ''}` };
      }
      await firstValueFrom(this.api.resolve(t.number, this.code, this.notes.trim()));
      return { number: t.number, outcome: 'done', message: 'resolved: the caller is asked to confirm' };
    } catch (err) {
      const words = problemInWords(toApiProblem(err));
      return { number: t.number, outcome: 'refused', message: [words.message, ...words.details].join(' ') };
    }
  }
}
