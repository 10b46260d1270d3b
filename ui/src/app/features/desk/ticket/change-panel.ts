import { HttpClient } from '@angular/common/http';
import { Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { Approval, ChangeConflicts, describeCiConflict, hasConflicts } from '../../../core/api/approvals-api';
import { Ticket } from '../../../core/api/ticket-types';

const CLOSING_CODES = [
  { value: 'successful', label: 'Successful' },
  { value: 'failed', label: 'Failed' },
  { value: 'backed_out', label: 'Backed out' },
];

/**
 * A change's own record at the desk: type, risk, window and plans; what collides with its window (other
 * changes on its services, blackout windows); its approvals and who decided them; and, when the process
 * waits for it, recording the implementation with its closing code or the post-implementation review.
 */
@Component({
  selector: 'app-change-panel',
  imports: [DatePipe, FormsModule],
  template: `
    @let t = ticket();
    <section class="card change" aria-labelledby="change-title" data-testid="change-panel">
      <h3 id="change-title">Change</h3>
      <dl>
        <dt>Type</dt>
        <dd data-testid="change-type">
          {{ t.changeType ?? '—' }}
          @if (t.changeTemplate) {
            ({{ t.changeTemplate }})
          }
        </dd>
        <dt>Risk</dt>
        <dd data-testid="change-risk">{{ t.risk ?? 'not assessed yet' }}</dd>
        <dt>Impact · likelihood</dt>
        <dd data-testid="change-impact">{{ t.impact ?? '—' }} · {{ t.likelihood ?? '—' }}</dd>
        <dt>Window</dt>
        <dd>
          @if (t.plannedStartAt) {
            {{ t.plannedStartAt | date: 'medium' }} – {{ t.plannedEndAt | date: 'medium' }}
          } @else {
            not planned
          }
        </dd>
        <dt>Services</dt>
        <dd>{{ [t.service, ...t.affectedServices].filter(isSet).join(', ') || '—' }}</dd>
        <dt>Implementation plan</dt>
        <dd class="plan">{{ t.implementationPlan ?? '—' }}</dd>
        <dt>Back-out plan</dt>
        <dd class="plan">{{ t.backoutPlan ?? '—' }}</dd>
        <dt>Test plan</dt>
        <dd class="plan">{{ t.testPlan ?? '—' }}</dd>
      </dl>
      @if (conflicts(); as c) {
        @if (hasConflicts(c)) {
          <div class="conflicts" role="note" data-testid="change-conflicts">
            <strong>Conflicts</strong>
            <ul>
              @for (o of c.overlapping; track o.number) {
                <li>Overlaps {{ o.number }} “{{ o.title }}” ({{ o.state }})</li>
              }
              @for (x of c.byCi; track x.number) {
                <li data-testid="ci-conflict">{{ describeCiConflict(x) }}</li>
              }
              @for (b of c.blackouts; track b.id) {
                <li>Inside blackout “{{ b.name }}”</li>
              }
            </ul>
          </div>
        } @else {
          <p class="muted">No conflicts with other changes, their CIs or blackout windows.</p>
        }
      }
      @if (approvals().length) {
        <h4>Approvals</h4>
        <ul class="approvals" data-testid="change-approvals">
          @for (a of approvals(); track a.id) {
            <li [attr.data-state]="a.state">
              {{ a.taskName ?? a.purpose }} — {{ a.approver ?? a.approverGroup }}: <strong>{{ a.state }}</strong>
              @if (a.delegatedFrom) {
                (delegated by {{ a.delegatedFrom }})
              }
              @if (a.comment) {
                — “{{ a.comment }}”
              }
            </li>
          }
        </ul>
      }
      @if (t.work?.can?.implement?.allowed) {
        <form class="act" (submit)="$event.preventDefault(); implement()">
          <label>
            Closing code
            <select [(ngModel)]="closingCode" name="closingCode" data-testid="closing-code">
              @for (c of closingCodes; track c.value) {
                <option [value]="c.value">{{ c.label }}</option>
              }
            </select>
          </label>
          <label>Notes <textarea [(ngModel)]="notes" name="notes" rows="2" data-testid="implementation-notes"></textarea></label>
          <button type="submit" data-testid="implement-button" [disabled]="busy() || !notes.trim()">Record implementation</button>
        </form>
      }
      @if (t.work?.can?.review?.allowed) {
        <form class="act" (submit)="$event.preventDefault(); review()">
          <label>Review findings <textarea [(ngModel)]="findings" name="findings" rows="2" data-testid="review-findings"></textarea></label>
          <button type="submit" data-testid="review-button" [disabled]="busy() || !findings.trim()">Finish review</button>
        </form>
      }
      @if (error()) {
        <p role="alert" class="problem">{{ error() }}</p>
      }
    </section>
  `,
  styles: `
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 0.75rem;
      margin: 0;
    }
    dt {
      color: #57606a;
    }
    dd {
      margin: 0;
    }
    .plan {
      white-space: pre-wrap;
    }
    .conflicts {
      background: #fff4e5;
      border-left: 4px solid #d97706;
      padding: 0.5rem 0.75rem;
      margin: 0.5rem 0;
    }
    .conflicts ul,
    .approvals {
      padding-left: 1.25rem;
      margin: 0.25rem 0 0;
    }
    .act {
      display: grid;
      gap: 0.5rem;
      margin-top: 0.75rem;
    }
    textarea,
    select {
      display: block;
      width: 100%;
    }
    .problem {
      color: #b42318;
    }
  `,
})
export class ChangePanel {
  private readonly http = inject(HttpClient);
  readonly ticket = input.required<Ticket>();
  /** Emitted after an action, so the page reloads the ticket. */
  readonly acted = output<void>();
  protected readonly conflicts = signal<ChangeConflicts | null>(null);
  protected readonly approvals = signal<Approval[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly closingCodes = CLOSING_CODES;
  protected readonly hasConflicts = hasConflicts;
  protected readonly describeCiConflict = describeCiConflict;
  protected closingCode = 'successful';
  protected notes = '';
  protected findings = '';
  protected readonly isSet = (s: string | null) => !!s;

  constructor() {
    effect(() => {
      const { number, state } = this.ticket();
      untracked(() => this.load(number, state));
    });
  }

  protected implement(): void {
    this.act('implement', { closingCode: this.closingCode, notes: this.notes.trim() });
  }

  protected review(): void {
    this.act('review', { findings: this.findings.trim() });
  }

  private act(action: string, payload: object): void {
    this.busy.set(true);
    this.error.set(null);
    this.http.post(`/tickets/${encodeURIComponent(this.ticket().number)}/actions/${action}`, payload).subscribe({
      next: () => {
        this.busy.set(false);
        this.acted.emit();
      },
      error: (err: { error?: { message?: string } }) => {
        this.busy.set(false);
        this.error.set(err.error?.message ?? 'That did not work.');
      },
    });
  }

  private load(number: string, _state: string): void {
    const enc = encodeURIComponent(number);
    this.http.get<{ conflicts: ChangeConflicts }>(`/changes/${enc}/conflicts`).subscribe({
      next: (r) => this.conflicts.set(r.conflicts),
      error: () => this.conflicts.set(null),
    });
    this.http.get<{ items: Approval[] }>('/approvals', { params: { ticket: number, limit: '50' } }).subscribe({
      next: (r) => this.approvals.set(r.items),
      error: () => this.approvals.set([]),
    });
  }
}
