import { Component, computed, input } from '@angular/core';
import { TICKET_STATES } from '../../core/api/ticket-types';

/** How the portal puts each state to the person who raised the ticket. */
const CALLER_WORDING: Record<string, string> = {
  new: 'Received',
  in_progress: 'Being worked on',
  awaiting_caller: 'Waiting for your answer',
  resolved: 'Resolved: please confirm',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** A ticket's state as a coloured badge; `data-state` carries the raw state for tests and styling. */
@Component({
  selector: 'app-state-badge',
  template: `<span
    class="badge ticket-state"
    [class]="'badge ticket-state state-' + state()"
    data-testid="ticket-state"
    [attr.data-state]="state()"
    >{{ label() }}</span
  >`,
})
export class StateBadge {
  readonly state = input.required<string>();
  /** `caller`: the portal's wording. */
  readonly audience = input<'desk' | 'caller'>('desk');
  protected readonly label = computed(() => {
    const state = this.state();
    if (this.audience() === 'caller') return CALLER_WORDING[state] ?? state;
    return TICKET_STATES.find((s) => s.value === state)?.label ?? state;
  });
}
