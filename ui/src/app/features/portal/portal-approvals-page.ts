import { Component, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../core/api/api-error';
import { Approval, ApprovalsApi } from '../../core/api/approvals-api';

const PURPOSE_WORDS: Record<string, string> = {
  manager: 'as their line manager',
  group: 'for your team',
  cost: 'for its cost',
};

/**
 * The portal's approver inbox, for requesters who approve (a line manager approving what their team
 * orders): each request waiting for them, approve with an optional comment or reject saying why.
 * The inbox lists only approvals this person decides; the API checks that again on each decision.
 */
@Component({
  selector: 'app-portal-approvals-page',
  imports: [DatePipe, FormsModule, RouterLink],
  template: `
    <p class="back"><a routerLink="/portal">← My tickets</a></p>
    <section class="card" aria-labelledby="portal-approvals-title" data-testid="portal-approvals">
      <h2 id="portal-approvals-title">Waiting for your approval</h2>
      @if (error(); as e) {
        <p role="alert" class="problem" data-testid="portal-approvals-error">{{ e }}</p>
      }
      @if (decided(); as d) {
        <p role="status" class="done" data-testid="portal-approval-decided">{{ d }}</p>
      }
      @if (loaded() && !items().length) {
        <p class="muted" data-testid="no-approvals">Nothing waits for your approval.</p>
      }
      <ul class="list">
        @for (a of items(); track a.id) {
          <li class="approval" data-testid="portal-approval" [attr.data-number]="a.ticket?.number">
            <h3>
              @if (a.ticket; as t) {
                <span class="mono">{{ t.number }}</span> {{ t.title }}
              } @else {
                {{ a.taskName ?? 'Approval' }}
              }
            </h3>
            <p class="muted">
              Asked of you {{ purpose(a) }} · {{ a.createdAt | date: 'medium' }}
              @if (a.delegatedFrom) {
                · handed on by {{ a.delegatedFrom }}
              }
            </p>
            <label class="field">
              <span>Comment <small>(needed to reject)</small></span>
              <textarea rows="2" data-testid="portal-approval-comment" [(ngModel)]="comments[a.id]" [name]="'comment-' + a.id"></textarea>
            </label>
            <div class="buttons">
              <button type="button" class="primary" data-testid="portal-approve" [disabled]="busy()" (click)="decide(a, 'approve')">
                Approve
              </button>
              <button
                type="button"
                data-testid="portal-reject"
                [disabled]="busy() || !comments[a.id]?.trim()"
                (click)="decide(a, 'reject')"
              >
                Reject
              </button>
            </div>
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    .back {
      margin: 0 0 0.75rem;
    }
    .list {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 0.75rem;
    }
    .approval {
      border: 1px solid var(--border);
      border-radius: 8px;
      padding: 0.75rem;
    }
    .approval h3 {
      margin: 0 0 0.25rem;
    }
    .mono {
      font-family: var(--mono);
    }
    textarea {
      width: 100%;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
    .problem {
      color: #b42318;
    }
    .done {
      color: #1a7f37;
    }
  `,
})
export class PortalApprovalsPage {
  private readonly api = inject(ApprovalsApi);
  protected readonly items = signal<Approval[]>([]);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly decided = signal<string | null>(null);
  protected readonly comments: Record<string, string> = {};

  constructor() {
    void this.load();
  }

  protected purpose(a: Approval): string {
    return PURPOSE_WORDS[a.purpose] ?? `(${a.taskName ?? a.purpose})`;
  }

  protected async decide(a: Approval, decision: 'approve' | 'reject'): Promise<void> {
    if (this.busy()) return;
    const comment = this.comments[a.id]?.trim() || undefined;
    this.busy.set(true);
    this.error.set(null);
    this.decided.set(null);
    try {
      await firstValueFrom(decision === 'approve' ? this.api.approve(a.id, comment) : this.api.reject(a.id, comment!));
      this.decided.set(`${a.ticket?.number ?? 'The request'} ${decision === 'approve' ? 'approved' : 'rejected'}.`);
    } catch (err) {
      this.error.set(toApiProblem(err).message);
    } finally {
      this.busy.set(false);
      await this.load();
    }
  }

  private async load(): Promise<void> {
    try {
      this.items.set((await firstValueFrom(this.api.inbox())).items);
      this.loaded.set(true);
    } catch {
      this.error.set('Your approvals could not be loaded.');
    }
  }
}
