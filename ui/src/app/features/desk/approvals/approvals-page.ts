import { Component, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { Approval, ApprovalsApi, describeCiConflict, hasConflicts } from '../../../core/api/approvals-api';
import { ApprovalDelegation } from './approval-delegation';

/**
 * The approver's inbox: every approval waiting for you (or your group), with what it approves — for a
 * change its risk, window and conflicts, so nobody approves a change into a blackout without seeing it.
 * Approve takes an optional comment; reject needs one (the requester and the audit trail read it).
 * An approval can be handed on to another member of staff, who finds it in their own inbox.
 */
@Component({
  selector: 'app-approvals-page',
  imports: [ApprovalDelegation, DatePipe, FormsModule, RouterLink],
  template: `
    <div class="approvals">
      <header>
        <h1>My approvals</h1>
        <a routerLink="/desk">Back to the desk</a>
      </header>
      @if (error()) {
        <p role="alert" class="problem">{{ error() }}</p>
      }
      @if (handedOn(); as h) {
        <p role="status" data-testid="delegated-note">{{ h }}</p>
      }
      @if (loaded() && !items().length) {
        <p data-testid="no-approvals">Nothing waits for your approval.</p>
      }
      <ul>
        @for (a of items(); track a.id) {
          <li class="approval" [attr.data-testid]="'approval-' + (a.ticket?.number ?? a.id)">
            <h2>
              @if (a.ticket) {
                <a [routerLink]="['/desk/tickets', a.ticket.number]">{{ a.ticket.number }}</a> {{ a.ticket.title }}
              } @else {
                {{ a.taskName ?? a.purpose }}
              }
            </h2>
            <p class="facts">
              <span>{{ a.taskName ?? a.purpose }}</span>
              @if (a.ticket; as t) {
                @if (t.risk) {
                  <span class="risk" [attr.data-risk]="t.risk">Risk: {{ t.risk }}</span>
                }
                @if (t.plannedStartAt) {
                  <span>Window: {{ t.plannedStartAt | date: 'medium' }} – {{ t.plannedEndAt | date: 'medium' }}</span>
                }
              }
              @if (a.delegatedFrom) {
                <span>Delegated by {{ a.delegatedFrom }}</span>
              }
            </p>
            @if (hasConflicts(a.conflicts) && a.conflicts; as x) {
              <div class="conflicts" role="note" data-testid="conflicts">
                <strong>Conflicts</strong>
                <ul>
                  @for (c of x.overlapping; track c.number) {
                    <li>Overlaps {{ c.number }} “{{ c.title }}” on {{ c.services.join(', ') }}</li>
                  }
                  @for (c of x.byCi; track c.number) {
                    <li data-testid="ci-conflict">{{ describeCiConflict(c) }}</li>
                  }
                  @for (b of x.blackouts; track b.id) {
                    <li>Inside blackout “{{ b.name }}” ({{ b.startsAt | date: 'short' }} – {{ b.endsAt | date: 'short' }})</li>
                  }
                </ul>
              </div>
            }
            <label>
              Comment
              <textarea [(ngModel)]="comments[a.id]" [name]="'comment-' + a.id" rows="2" data-testid="approval-comment"></textarea>
            </label>
            <div class="buttons">
              <button type="button" data-testid="approve-button" [disabled]="busy()" (click)="approve(a)">Approve</button>
              <button
                type="button"
                data-testid="reject-button"
                [disabled]="busy() || !comments[a.id]?.trim()"
                title="Say why in the comment"
                (click)="reject(a)"
              >
                Reject
              </button>
            </div>
            <app-approval-delegation [approval]="a" [disabled]="busy()" (delegated)="onDelegated($event)" />
          </li>
        }
      </ul>
    </div>
  `,
  styles: `
    .approvals {
      max-width: 60rem;
      margin: 0 auto;
      padding: 1rem;
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
    }
    ul {
      list-style: none;
      padding: 0;
    }
    .approval {
      border: 1px solid #d0d7de;
      border-radius: 6px;
      padding: 0.75rem 1rem;
      margin-bottom: 1rem;
    }
    .approval h2 {
      font-size: 1.1rem;
      margin: 0 0 0.25rem;
    }
    .facts {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      color: #57606a;
    }
    .risk[data-risk='high'] {
      color: #b42318;
      font-weight: 600;
    }
    .conflicts {
      background: #fff4e5;
      border-left: 4px solid #d97706;
      padding: 0.5rem 0.75rem;
      margin: 0.5rem 0;
    }
    .conflicts ul {
      list-style: disc;
      padding-left: 1.25rem;
      margin: 0.25rem 0 0;
    }
    label {
      display: block;
      margin: 0.5rem 0;
    }
    textarea {
      display: block;
      width: 100%;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
    }
    .problem {
      color: #b42318;
    }
  `,
})
export class ApprovalsPage {
  private readonly api = inject(ApprovalsApi);
  protected readonly items = signal<Approval[]>([]);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly handedOn = signal<string | null>(null);
  protected readonly comments: Record<string, string> = {};
  protected readonly hasConflicts = hasConflicts;
  protected readonly describeCiConflict = describeCiConflict;

  constructor() {
    this.load();
  }

  protected approve(a: Approval): void {
    this.decide(this.api.approve(a.id, this.comments[a.id]?.trim() || undefined));
  }

  protected reject(a: Approval): void {
    this.decide(this.api.reject(a.id, this.comments[a.id]!.trim()));
  }

  protected onDelegated(a: Approval): void {
    this.handedOn.set(`${a.ticket?.number ?? a.taskName ?? 'The approval'} is now ${a.approver}'s to decide.`);
    this.load();
  }

  private decide(request: ReturnType<ApprovalsApi['approve']>): void {
    this.busy.set(true);
    this.error.set(null);
    this.handedOn.set(null);
    request.subscribe({
      next: () => {
        this.busy.set(false);
        this.load();
      },
      error: (err: { error?: { message?: string } }) => {
        this.busy.set(false);
        this.error.set(err.error?.message ?? 'The decision could not be recorded.');
        this.load();
      },
    });
  }

  private load(): void {
    this.api.inbox().subscribe({
      next: (page) => {
        this.items.set(page.items);
        this.loaded.set(true);
      },
      error: () => this.error.set('Your approvals could not be loaded.'),
    });
  }
}
