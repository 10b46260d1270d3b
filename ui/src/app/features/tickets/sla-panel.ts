import { Component, input } from '@angular/core';
import { Ticket } from '../../core/api/ticket-types';
import { humanDuration } from '../../core/tickets/sla-status';
import { SlaCountdown } from './sla-countdown';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';

/** The ticket's SLA clock in full: targets, the warning point, pauses, and what the process stamped. */
@Component({
  selector: 'app-sla-panel',
  imports: [ZonedDatePipe, SlaCountdown],
  template: `
    @let sla = ticket().sla;
    <section class="card sla-panel" data-testid="sla-panel" aria-labelledby="sla-title">
      <h3 id="sla-title">SLA <app-sla-countdown [ticket]="ticket()" /></h3>
      @if (sla.policy) {
        <dl class="facts">
          <dt>Policy</dt>
          <dd data-testid="sla-policy">{{ sla.policy }}</dd>
          <dt>First response due</dt>
          <dd>{{ sla.responseDueAt | zonedDate: 'medium' }}</dd>
          <dt>First response</dt>
          <dd>{{ sla.firstRespondedAt ? (sla.firstRespondedAt | zonedDate: 'medium') : 'not yet' }}</dd>
          <dt>Warning from</dt>
          <dd>{{ sla.resolutionWarningAt | zonedDate: 'medium' }}</dd>
          <dt>Resolution due</dt>
          <dd data-testid="sla-resolution-due">{{ sla.resolutionDueAt | zonedDate: 'medium' }}</dd>
          @if (sla.pausedAt) {
            <dt>Paused since</dt>
            <dd data-testid="sla-paused-at">{{ sla.pausedAt | zonedDate: 'medium' }}</dd>
          }
          @if (sla.pausedMs) {
            <dt>Paused in total</dt>
            <dd>{{ duration(sla.pausedMs) }}</dd>
          }
          @if (sla.warnedAt) {
            <dt>Warned</dt>
            <dd class="warned">{{ sla.warnedAt | zonedDate: 'medium' }}</dd>
          }
          @if (sla.breachedAt) {
            <dt>Breached</dt>
            <dd class="breached">{{ sla.breachedAt | zonedDate: 'medium' }}</dd>
          }
        </dl>
      } @else {
        <p class="muted">No SLA clock yet: it starts once the ticket is categorised and prioritised.</p>
      }
    </section>
  `,
  styles: `
    h3 {
      display: flex;
      gap: 0.6rem;
      align-items: center;
      margin-bottom: 0.5rem;
    }
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 0.9rem;
      margin: 0;
      font-size: 0.875rem;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
    }
    .warned {
      color: var(--warning);
      font-weight: 600;
    }
    .breached {
      color: var(--danger);
      font-weight: 600;
    }
  `,
})
export class SlaPanel {
  readonly ticket = input.required<Ticket>();
  protected readonly duration = humanDuration;
}
