import { Component, computed, input } from '@angular/core';
import { RESOLUTION_CODES, Ticket } from '../../core/api/ticket-types';
import { StateBadge } from './state-badge';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';

/** A ticket's fields as a definition list; the desk sees routing and ownership, the caller does not. */
@Component({
  selector: 'app-ticket-facts',
  imports: [ZonedDatePipe, StateBadge],
  template: `
    @let t = ticket();
    <dl class="facts" data-testid="ticket-facts">
      <dt>State</dt>
      <dd><app-state-badge [state]="t.state" [audience]="audience()" /></dd>
      <dt>Priority</dt>
      <dd data-testid="ticket-priority">{{ t.priority ?? '—' }}</dd>
      <dt>Category</dt>
      <dd>{{ t.category ?? '—' }}{{ t.subcategory ? ' / ' + t.subcategory : '' }}</dd>
      <dt>Service</dt>
      <dd>{{ t.service ?? '—' }}</dd>
      <dt>Impact / urgency</dt>
      <dd>{{ t.impact ?? '—' }} / {{ t.urgency ?? '—' }}</dd>
      @if (audience() === 'desk') {
        <dt>Customer</dt>
        <dd data-testid="ticket-customer">{{ t.organization?.name ?? 'internal' }}</dd>
        <dt>Group</dt>
        <dd data-testid="ticket-group">{{ t.group?.name ?? t.assignmentGroup ?? 'not routed yet' }}</dd>
        <dt>Assignee</dt>
        <dd data-testid="ticket-assignee">{{ assignee() }}</dd>
      }
      <dt>Raised</dt>
      <dd data-testid="ticket-raised">{{ t.createdAt | zonedDate: 'medium' }}</dd>
      <dt>Updated</dt>
      <dd>{{ t.updatedAt | zonedDate: 'medium' }}</dd>
      @if (t.resolutionCode) {
        <dt>Resolution</dt>
        <dd data-testid="ticket-resolution">{{ resolution() }}</dd>
        <dt>Resolved</dt>
        <dd>{{ t.resolvedAt | zonedDate: 'medium' }}</dd>
      }
      @if (t.closedAt) {
        <dt>Closed</dt>
        <dd>{{ t.closedAt | zonedDate: 'medium' }}</dd>
      }
    </dl>
    @if (t.resolutionNotes) {
      <p class="notes"><strong>What was done:</strong> {{ t.resolutionNotes }}</p>
    }
  `,
  styles: `
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.3rem 1rem;
      margin: 0;
      font-size: 0.9rem;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
    }
    .notes {
      margin: 0.6rem 0 0;
      white-space: pre-wrap;
    }
  `,
})
export class TicketFacts {
  readonly ticket = input.required<Ticket>();
  readonly audience = input<'desk' | 'caller'>('desk');
  /** The signed-in user's id: their own tickets read "you". */
  readonly meId = input<string | null>(null);
  protected readonly assignee = computed(() => assigneeLabel(this.ticket().assigneeId, this.meId(), this.ticket().assignee?.displayName));
  protected readonly resolution = computed(() => {
    const code = this.ticket().resolutionCode;
    return RESOLUTION_CODES.find((c) => c.value === code)?.label ?? code;
  });
}

/** "you", the assignee's name (the API gives it to staff), or nobody. */
export function assigneeLabel(assigneeId: string | null, meId: string | null, name?: string | null): string {
  if (!assigneeId) return 'unassigned';
  if (assigneeId === meId) return 'you';
  return name ?? 'another agent';
}
