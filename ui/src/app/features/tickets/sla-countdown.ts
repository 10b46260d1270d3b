import { Component, computed, inject, input } from '@angular/core';
import { Ticket } from '../../core/api/ticket-types';
import { Clock } from '../../core/tickets/clock';
import { slaStatus } from '../../core/tickets/sla-status';

/** Time left to the resolution target: amber past the warning point, red when breached, grey when paused. */
@Component({
  selector: 'app-sla-countdown',
  template: `
    @let s = status();
    <span class="sla" [class]="'sla sla-' + s.tone" data-testid="sla-countdown" [attr.data-tone]="s.tone" [title]="s.description">
      <span class="visually-hidden">SLA: </span>{{ s.label }}
    </span>
  `,
  styles: `
    .sla {
      display: inline-block;
      padding: 0.05rem 0.45rem;
      border-radius: 4px;
      font-size: 0.8rem;
      font-weight: 600;
      white-space: nowrap;
    }
    .sla-ok {
      color: #1b5e20;
      background: #edf7ee;
    }
    .sla-warning {
      color: #7a4100;
      background: #fff3cd;
    }
    .sla-breached {
      color: #fff;
      background: var(--danger);
    }
    .sla-paused {
      color: #37474f;
      background: #eceff1;
    }
    .sla-met,
    .sla-none {
      color: var(--muted);
    }
  `,
})
export class SlaCountdown {
  private readonly clock = inject(Clock);
  readonly ticket = input.required<Pick<Ticket, 'state' | 'sla'>>();
  protected readonly status = computed(() => slaStatus(this.ticket(), this.clock.now()));
}
