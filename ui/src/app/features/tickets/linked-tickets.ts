import { Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TicketLink } from '../../core/api/ticket-types';
import { StateBadge } from './state-badge';

const WORDING: Record<string, [outgoing: string, incoming: string]> = {
  caused_by: ['caused by', 'causes'],
  duplicate_of: ['duplicate of', 'duplicated by'],
  related: ['related to', 'related to'],
  resolved_by: ['resolved by', 'resolves'],
};

/** Tickets linked from and to this one (a major incident's problem, duplicates…). */
@Component({
  selector: 'app-linked-tickets',
  imports: [RouterLink, StateBadge],
  template: `
    <ul class="links" data-testid="linked-tickets">
      @for (l of links(); track l.number + l.kind + l.direction) {
        <li data-testid="linked-ticket" [attr.data-number]="l.number">
          <span class="muted">{{ wording(l) }}</span>
          <a [routerLink]="['/desk/tickets', l.number]">{{ l.number }}</a> {{ l.title }}
          <app-state-badge [state]="l.state" />
        </li>
      } @empty {
        <li class="muted">No linked tickets.</li>
      }
    </ul>
  `,
  styles: `
    .links {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.35rem;
      font-size: 0.9rem;
    }
  `,
})
export class LinkedTickets {
  readonly links = input.required<TicketLink[]>();

  protected wording(link: TicketLink): string {
    const [outgoing, incoming] = WORDING[link.kind] ?? [link.kind, link.kind];
    return link.direction === 'outgoing' ? outgoing : incoming;
  }
}
