import { Component, input } from '@angular/core';
import { TicketEntry } from '../../core/api/ticket-types';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';

/** The ticket's replies and (for the desk) internal notes, oldest first; notes look unlike replies. */
@Component({
  selector: 'app-conversation',
  imports: [ZonedDatePipe],
  template: `
    <ol class="conversation" data-testid="conversation" aria-label="Conversation">
      @for (e of entries(); track e.id) {
        <li class="entry" [class.note]="e.kind === 'note'" data-testid="entry" [attr.data-kind]="e.kind">
          <p class="meta">
            <strong>{{ e.authorName }}</strong>
            <span class="kind">{{ e.kind === 'note' ? 'Internal note' : 'Reply' }}</span>
            <time class="muted" [attr.datetime]="e.createdAt">{{ e.createdAt | zonedDate: 'medium' }}</time>
          </p>
          <p class="body" data-testid="entry-body">{{ e.body }}</p>
        </li>
      } @empty {
        <li class="muted empty">{{ emptyText() }}</li>
      }
    </ol>
  `,
  styles: `
    .conversation {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.6rem;
    }
    .entry {
      padding: 0.6rem 0.8rem;
      border: 1px solid var(--border);
      border-radius: 8px;
      background: #fff;
    }
    .entry.note {
      background: #fff8e1;
      border-color: #f0d48a;
      border-left: 4px solid #d4a017;
    }
    .meta {
      margin: 0 0 0.3rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.6rem;
      align-items: baseline;
      font-size: 0.85rem;
    }
    .kind {
      font-size: 0.75rem;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--muted);
    }
    .note .kind {
      color: #8a6100;
      font-weight: 700;
    }
    .body {
      margin: 0;
      white-space: pre-wrap;
      word-break: break-word;
    }
    .empty {
      padding: 0.5rem 0;
    }
  `,
})
export class Conversation {
  readonly entries = input.required<TicketEntry[]>();
  readonly emptyText = input('No replies yet.');
}
