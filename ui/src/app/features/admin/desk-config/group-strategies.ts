import { Component, OnInit, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DeskConfigApi, GroupSummary } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';

/** Mirrors ROUTING_STRATEGIES (service-catalog/routing/domain/choose-assignee.ts), in words. */
const STRATEGIES: { value: string; words: string }[] = [
  { value: 'manual', words: 'manual: tickets wait in the queue' },
  { value: 'round-robin', words: 'round-robin: members in turn' },
  { value: 'least-loaded', words: 'least-loaded: fewest open tickets' },
  { value: 'skills', words: 'skills: a member with the rule’s skills' },
];

/** How each group picks a member for a routed ticket; changing one saves at once (groups are the admin's). */
@Component({
  selector: 'app-group-strategies',
  imports: [ProblemMessage],
  template: `
    @if (problem(); as p) {
      <app-problem-message [problem]="p" />
    }
    <table>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Chooses the assignee by</th>
        </tr>
      </thead>
      <tbody>
        @for (g of groups(); track g.id) {
          <tr data-testid="group-strategy-row" [attr.data-key]="g.key">
            <td>
              {{ g.name }} <span class="muted">{{ g.key }}</span>
            </td>
            <td>
              <label class="visually-hidden" [attr.for]="'strategy-' + g.key">Strategy of {{ g.name }}</label>
              <select [id]="'strategy-' + g.key" data-testid="group-strategy" (change)="set(g, $event)">
                @for (s of strategies; track s.value) {
                  <option [value]="s.value" [selected]="s.value === g.routingStrategy">{{ s.words }}</option>
                }
              </select>
              @if (saved() === g.key) {
                <span role="status">Saved</span>
              }
            </td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class GroupStrategies implements OnInit {
  private readonly api = inject(DeskConfigApi);
  protected readonly strategies = STRATEGIES;
  protected readonly groups = signal<GroupSummary[]>([]);
  protected readonly saved = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  protected async set(g: GroupSummary, event: Event): Promise<void> {
    this.problem.set(null);
    try {
      await firstValueFrom(this.api.setGroupStrategy(g.key, (event.target as HTMLSelectElement).value));
      this.saved.set(g.key);
    } catch (e) {
      this.problem.set(toApiProblem(e));
      await this.load();
    }
  }

  private async load(): Promise<void> {
    try {
      this.groups.set((await firstValueFrom(this.api.groups())).items);
    } catch (e) {
      this.problem.set(toApiProblem(e));
    }
  }
}
