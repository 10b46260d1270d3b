import { Component, inject } from '@angular/core';
import { FieldOutbox } from './field-outbox';

/** Offline or online, what waits on the phone, and what the server refused (with its reason). */
@Component({
  selector: 'app-outbox-indicator',
  template: `
    <div class="indicator" [class.offline]="!outbox.online()" data-testid="outbox-indicator" role="status">
      <span class="net" data-testid="outbox-network">{{ outbox.online() ? 'Online' : 'Offline' }}</span>
      @if (outbox.syncing()) {
        <span data-testid="outbox-syncing">Syncing…</span>
      } @else if (outbox.queued().length) {
        <span data-testid="outbox-queued">{{ outbox.queued().length }} queued</span>
      } @else {
        <span data-testid="outbox-synced">All synced</span>
      }
    </div>
    @if (outbox.problems().length) {
      <ul class="problems" data-testid="outbox-conflicts">
        @for (p of outbox.problems(); track p.id) {
          <li>
            <strong>{{ p.workOrder }} {{ p.kind === 'photo' ? 'photo' : p.action?.action }}</strong>
            {{ p.state === 'conflict' ? 'conflict' : 'refused' }}: {{ p.message }}
            <button type="button" (click)="outbox.dismiss(p)">Dismiss</button>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .indicator {
      display: flex;
      gap: 0.75rem;
      align-items: center;
      padding: 0.35rem 0.7rem;
      border-radius: 999px;
      background: #edf7ee;
      color: #1b5e20;
      font-size: 0.85rem;
      width: fit-content;
    }
    .indicator.offline {
      background: #fff4e0;
      color: #8a5200;
    }
    .net {
      font-weight: 700;
    }
    .problems {
      margin: 0.4rem 0 0;
      padding: 0.5rem 0.8rem 0.5rem 1.6rem;
      background: #fdecea;
      border-radius: 8px;
      color: #8e1b1b;
      font-size: 0.85rem;
    }
  `,
})
export class OutboxIndicator {
  protected readonly outbox = inject(FieldOutbox);
}
