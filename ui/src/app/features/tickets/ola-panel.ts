import { Component, computed, input } from '@angular/core';
import { GroupTime } from '../../core/api/ticket-types';
import { humanDuration } from '../../core/tickets/sla-status';
import { parseIsoDuration } from '../../core/tickets/iso-duration';

/**
 * Time in each group (OLA): how long every group that held the ticket has had it, against the
 * group's own target — the desk's promise between its teams, beside the customer's SLA.
 */
@Component({
  selector: 'app-ola-panel',
  template: `
    <section class="card" data-testid="ola-panel" aria-labelledby="ola-title">
      <h3 id="ola-title">Time in each group (OLA)</h3>
      @if (rows().length) {
        <table>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Held</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            @for (r of rows(); track r.group) {
              <tr data-testid="ola-row" [attr.data-group]="r.group" [attr.data-breached]="r.breached" [class.breached]="r.breached">
                <td>
                  {{ r.group }}
                  @if (r.current) {
                    <span class="now" title="The ticket is with this group now: its time still runs">now</span>
                  }
                </td>
                <td data-testid="ola-held">{{ r.held }}</td>
                <td data-testid="ola-target">
                  {{ r.targetText }}
                  @if (r.breached) {
                    <strong class="over">over by {{ r.over }}</strong>
                  } @else if (r.left) {
                    <span class="muted">{{ r.left }} left</span>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="muted">No group has held the ticket yet.</p>
      }
    </section>
  `,
  styles: `
    table {
      width: 100%;
      border-collapse: collapse;
      font-size: 0.875rem;
    }
    th,
    td {
      text-align: left;
      padding: 0.2rem 0.3rem;
    }
    .now {
      font-size: 0.75rem;
      background: #ddf4ff;
      border-radius: 3px;
      padding: 0 0.25rem;
    }
    .breached td {
      color: #b42318;
    }
    .over {
      display: block;
    }
  `,
})
export class OlaPanel {
  readonly ola = input.required<GroupTime[]>();
  protected readonly rows = computed(() =>
    this.ola().map((g) => {
      const targetMs = g.target ? parseIsoDuration(g.target) : null;
      return {
        ...g,
        held: humanDuration(g.heldMs),
        targetText: targetMs === null ? 'no target' : humanDuration(targetMs),
        over: targetMs === null ? '' : humanDuration(g.heldMs - targetMs),
        left: targetMs === null || g.breached ? '' : humanDuration(targetMs - g.heldMs),
      };
    }),
  );
}
