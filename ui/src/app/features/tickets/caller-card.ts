import { Component, computed, input } from '@angular/core';
import { Ticket } from '../../core/api/ticket-types';

/**
 * Who is calling and for which customer, with the ways to reach them: the first thing an agent needs.
 * The API leaves the caller out for staff who do not serve the caller's customer.
 */
@Component({
  selector: 'app-caller-card',
  template: `
    @let t = ticket();
    <div class="caller-card" data-testid="caller-card">
      @if (t.caller; as c) {
        <p class="who">
          <span class="label">Caller</span>
          <strong data-testid="caller-name">{{ c.displayName }}</strong>
          @if (customer(); as org) {
            <span class="org" data-testid="caller-organization">{{ org }}</span>
          }
        </p>
        <p class="reach">
          @if (c.email) {
            <a data-testid="caller-email" [href]="'mailto:' + c.email">{{ c.email }}</a>
          }
          @if (c.phone) {
            <a data-testid="caller-phone" [href]="'tel:' + dialable(c.phone)">{{ c.phone }}</a>
          }
          @if (!c.email && !c.phone) {
            <span class="muted">No e-mail or phone on file.</span>
          }
        </p>
      } @else {
        <p class="who">
          <span class="label">Caller</span>
          <span class="muted" data-testid="caller-name">{{
            t.callerId ? 'Someone at a customer you do not serve' : 'No caller recorded (sent by an unknown address)'
          }}</span>
          @if (t.organization; as org) {
            <span class="org" data-testid="caller-organization">{{ org.name }}</span>
          }
        </p>
      }
    </div>
  `,
  styles: `
    .caller-card {
      display: grid;
      gap: 0.2rem;
      margin-top: 0.6rem;
      padding-top: 0.6rem;
      border-top: 1px solid var(--border);
    }
    p {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem 0.8rem;
      align-items: baseline;
    }
    .label {
      font-size: 0.75rem;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--muted);
    }
    .org {
      padding: 0.05rem 0.5rem;
      border-radius: 999px;
      background: #eef4fb;
      color: var(--accent-dark);
      font-size: 0.85rem;
    }
    .reach a {
      overflow-wrap: anywhere;
    }
  `,
})
export class CallerCard {
  readonly ticket = input.required<Ticket>();
  /** The caller's organisation, or the ticket's customer when the caller has none of their own. */
  protected readonly customer = computed(() => this.ticket().caller?.organization?.name ?? this.ticket().organization?.name ?? null);

  protected dialable(phone: string): string {
    return phone.replace(/[^+\d]/g, '');
  }
}
