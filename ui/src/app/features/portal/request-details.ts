import { Component, computed, input } from '@angular/core';
import { DatePipe } from '@angular/common';
import { RESOLUTION_CODES, Ticket } from '../../core/api/ticket-types';
import { categoryWords, impactWords, urgencyWords } from '../../core/tickets/request-words';
import { StateBadge } from '../tickets/state-badge';

/**
 * A ticket's details as its caller reads them: in the words she chose when she raised it ("Just me",
 * "I cannot work"), not the keys the desk's priority matrix works with.
 */
@Component({
  selector: 'app-request-details',
  imports: [DatePipe, StateBadge],
  template: `
    @let t = ticket();
    <dl class="facts" data-testid="request-details">
      <dt>State</dt>
      <dd><app-state-badge [state]="t.state" audience="caller" /></dd>
      <dt>About</dt>
      <dd data-testid="detail-category">{{ category() ?? '—' }}{{ t.subcategory ? ' / ' + t.subcategory : '' }}</dd>
      <dt>Service</dt>
      <dd data-testid="detail-service">{{ t.service ?? '—' }}</dd>
      <dt>Who is affected</dt>
      <dd data-testid="detail-impact">{{ impact() ?? '—' }}</dd>
      <dt>How much it stops work</dt>
      <dd data-testid="detail-urgency">{{ urgency() ?? '—' }}</dd>
      <dt>Priority</dt>
      <dd data-testid="ticket-priority">{{ t.priority ?? 'not set yet' }}</dd>
      <dt>Raised</dt>
      <dd>{{ t.createdAt | date: 'medium' }}</dd>
      <dt>Updated</dt>
      <dd>{{ t.updatedAt | date: 'medium' }}</dd>
      @if (t.resolutionCode) {
        <dt>Resolution</dt>
        <dd data-testid="ticket-resolution">{{ resolution() }}</dd>
      }
      @if (t.resolvedAt) {
        <dt>Resolved</dt>
        <dd>{{ t.resolvedAt | date: 'medium' }}</dd>
      }
      @if (t.closedAt) {
        <dt>Closed</dt>
        <dd>{{ t.closedAt | date: 'medium' }}</dd>
      }
    </dl>
    @if (t.resolutionNotes) {
      <p class="notes"><strong>What was done:</strong> {{ t.resolutionNotes }}</p>
    }
  `,
  styles: `
    .facts {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 0.3rem 1rem;
      margin: 0;
      font-size: 0.9rem;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .notes {
      margin: 0.6rem 0 0;
      white-space: pre-wrap;
    }
  `,
})
export class RequestDetails {
  readonly ticket = input.required<Ticket>();
  protected readonly category = computed(() => categoryWords(this.ticket().category));
  protected readonly impact = computed(() => impactWords(this.ticket().impact));
  protected readonly urgency = computed(() => urgencyWords(this.ticket().urgency));
  protected readonly resolution = computed(() => {
    const code = this.ticket().resolutionCode;
    return RESOLUTION_CODES.find((c) => c.value === code)?.label ?? code;
  });
}
