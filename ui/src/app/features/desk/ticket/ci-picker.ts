import { Component, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CiSummary, CmdbApi, LinkedCi } from '../../../core/api/cmdb-api';
import { ProblemMessage } from '../../operate/problem-message';

/**
 * The CIs a ticket touches, and a picker to add one: full-text search over the CIs the agent may see
 * (name, key, attributes), each word as a prefix. A CI of another customer is refused by the API.
 */
@Component({
  selector: 'app-ci-picker',
  imports: [ProblemMessage, RouterLink],
  template: `
    <ul class="cis" data-testid="ticket-cis">
      @for (c of linked(); track c.id) {
        <li data-testid="ticket-ci" [attr.data-id]="c.id">
          <a [routerLink]="['/desk/cis', c.id]">{{ c.name }}</a>
          <span class="muted">{{ c.classKey.replace('_', ' ') }}</span>
          <button type="button" class="link" (click)="unlink(c)" [attr.aria-label]="'Remove ' + c.name">×</button>
        </li>
      } @empty {
        <li class="muted">No configuration items.</li>
      }
    </ul>
    <label class="search">
      Add a configuration item
      <input
        type="search"
        data-testid="ci-search"
        placeholder="name, host, serial…"
        [value]="query()"
        (input)="search($any($event.target).value)"
      />
    </label>
    @if (found().length) {
      <ul class="found" data-testid="ci-search-results">
        @for (c of found(); track c.id) {
          <li>
            <button type="button" class="link" data-testid="ci-search-result" (click)="link(c)">{{ c.name }}</button>
            <span class="muted">{{ c.key }}</span>
          </li>
        }
      </ul>
    }
    @if (problem(); as p) {
      <app-problem-message [problem]="p" />
    }
  `,
  styles: `
    .cis,
    .found {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.3rem;
      font-size: 0.9rem;
    }
    .search {
      display: grid;
      gap: 0.25rem;
      margin-top: 0.5rem;
      font-size: 0.9rem;
    }
    .link {
      background: none;
      border: none;
      color: var(--link, #0969da);
      cursor: pointer;
      padding: 0;
    }
  `,
})
export class CiPicker {
  private readonly api = inject(CmdbApi);
  readonly number = input.required<string>();
  protected readonly linked = signal<LinkedCi[]>([]);
  protected readonly found = signal<CiSummary[]>([]);
  protected readonly query = signal('');
  protected readonly problem = signal<ApiProblem | null>(null);
  private searchSeq = 0;

  constructor() {
    effect(() => {
      const number = this.number();
      untracked(() => void this.run(async () => this.linked.set(await firstValueFrom(this.api.ticketCis(number)))));
    });
  }

  protected async search(text: string): Promise<void> {
    this.query.set(text);
    const seq = ++this.searchSeq;
    if (text.trim().length < 2) return this.found.set([]);
    await this.run(async () => {
      const page = await firstValueFrom(this.api.search(text.trim(), 8));
      // Answers can overtake each other: only the latest query's counts.
      if (seq === this.searchSeq) this.found.set(page.items.filter((c) => !this.linked().some((l) => l.id === c.id)));
    });
  }

  protected link(ci: CiSummary): Promise<void> {
    const seq = this.searchSeq;
    return this.run(async () => {
      this.linked.set(await firstValueFrom(this.api.link(this.number(), ci.id)));
      // The search is done with, unless the agent has typed another one while the link was on its way.
      if (seq === this.searchSeq) {
        ++this.searchSeq;
        this.query.set('');
        this.found.set([]);
      } else this.found.set(this.found().filter((c) => c.id !== ci.id));
    });
  }

  protected unlink(ci: CiSummary): Promise<void> {
    return this.run(async () => {
      await firstValueFrom(this.api.unlink(this.number(), ci.id));
      this.linked.set(this.linked().filter((c) => c.id !== ci.id));
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    try {
      this.problem.set(null);
      await work();
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
