import { Component, DestroyRef, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { KpisApi, type GroupLiveView } from '../../core/api/kpis-api';

const REFRESH_MS = 30_000;

/** A group lead's live view: the group's backlog by agent, what breaches within the hour, who is on what. */
@Component({
  selector: 'app-group-live-page',
  imports: [FormsModule, RouterLink],
  styleUrl: './dashboards.css',
  template: `
    <div class="dashboard">
      <header>
        <h1>Group live view</h1>
        <a routerLink="/dashboards">KPIs</a>
      </header>
      <form class="filters" (ngSubmit)="load()">
        <label>Group <input name="group" [(ngModel)]="group" required data-testid="live-group" /></label>
        <button type="submit">Show</button>
      </form>
      @if (error()) {
        <p role="alert" class="problem">{{ error() }}</p>
      }
      @if (view(); as v) {
        <section>
          <h2>Breaching within the hour</h2>
          @if (!v.breachingSoon.length) {
            <p>Nothing.</p>
          }
          <ul data-testid="live-breaching">
            @for (t of v.breachingSoon; track t.number) {
              <li>
                <a [routerLink]="['/desk/tickets', t.number]">{{ t.number }}</a> {{ t.title }} — {{ t.assigneeName ?? 'unassigned' }},
                {{ due(t.dueInS) }}
              </li>
            }
          </ul>
        </section>
        <section>
          <h2>Who is on what</h2>
          <div class="numbers-wrap" tabindex="0" role="region" aria-label="Who is on what">
            <table class="numbers" data-testid="live-work">
              <thead>
                <tr>
                  <th>Agent</th>
                  <th>Ticket</th>
                  <th>Priority</th>
                  <th>State</th>
                  <th>Resolution due</th>
                </tr>
              </thead>
              <tbody>
                @for (t of v.work; track t.number) {
                  <tr>
                    <td>{{ t.assigneeName ?? 'unassigned' }}</td>
                    <td>
                      <a [routerLink]="['/desk/tickets', t.number]">{{ t.number }}</a> {{ t.title }}
                    </td>
                    <td>{{ t.priority }}</td>
                    <td>{{ t.state }}</td>
                    <td>{{ due(t.dueInS) }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        </section>
      }
    </div>
  `,
})
export class GroupLivePage {
  private readonly api = inject(KpisApi);
  // `?group=` names the group in a link a lead can bookmark.
  protected group = inject(ActivatedRoute).snapshot.queryParamMap.get('group') ?? '';
  protected readonly view = signal<GroupLiveView | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    const timer = setInterval(() => this.group && this.load(), REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
    if (this.group) this.load();
  }

  protected load(): void {
    this.api.live(this.group).subscribe({
      next: (v) => {
        this.error.set(null);
        this.view.set(v);
      },
      error: (err: { error?: { message?: string } }) => this.error.set(err.error?.message ?? 'The live view could not be read.'),
    });
  }

  protected due(s: number | null): string {
    if (s === null) return 'no target';
    const m = Math.round(Math.abs(s) / 60);
    const text = m >= 120 ? `${Math.round(m / 60)} h` : `${m} min`;
    return s < 0 ? `overdue by ${text}` : `in ${text}`;
  }
}
