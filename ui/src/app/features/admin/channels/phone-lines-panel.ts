import { DatePipe } from '@angular/common';
import { Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { ChannelsAdminApi, ListedPhoneLine, PhoneLine } from '../../../core/api/channels-admin-api';
import { Organization } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

const FIELDS = ['organizationId', 'name'] as const;

/**
 * Telephony lines (issue 25): a PBX or VoIP service signs its call events with its line's secret
 * (docs/channels.md). The secret is in the create answer only: shown once with a copy button, and
 * gone when dismissed or on leaving the page; the list shows the line id the PBX sends beside it.
 */
@Component({
  selector: 'app-phone-lines-panel',
  imports: [DatePipe, FormsModule, ProblemMessage],
  template: `
    <section class="card" aria-labelledby="lines-title" data-testid="phone-lines-admin">
      <header class="card-header">
        <div>
          <h2 id="lines-title">Telephony lines</h2>
          <p class="hint">
            Your PBX posts signed call events to <code class="inline">/phone/events</code> with the line id and its secret.
          </p>
        </div>
      </header>
      <form class="row" (ngSubmit)="create()" novalidate aria-label="New telephony line" data-testid="line-form">
        <label class="field"
          ><span>Customer</span>
          <select
            name="organizationId"
            data-testid="line-organization"
            [(ngModel)]="draft.organizationId"
            [attr.aria-invalid]="!!problems().fields['organizationId']"
          >
            <option value="">Choose…</option>
            @for (o of organizations(); track o.id) {
              <option [value]="o.id">{{ o.name }}</option>
            }
          </select>
          <span class="field-error" data-testid="line-organization-error">{{ problems().fields['organizationId'] }}</span></label
        >
        <label class="field"
          ><span>Name</span
          ><input name="name" data-testid="line-name" [(ngModel)]="draft.name" [attr.aria-invalid]="!!problems().fields['name']" />
          <span class="field-error" data-testid="line-name-error">{{ problems().fields['name'] }}</span></label
        >
        <button type="submit" [disabled]="busy()" data-testid="line-create">Add line</button>
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" data-testid="line-problem" />
      }
      @if (created(); as l) {
        <div class="status success secret" role="status" data-testid="line-secret">
          <p>
            Line <strong>{{ l.name }}</strong> — copy its secret now, it is not shown again:
          </p>
          <code data-testid="line-secret-value">{{ l.secret }}</code>
          <button type="button" (click)="copy(l.secret)" data-testid="line-copy">{{ copied() ? 'Copied' : 'Copy' }}</button>
          <button type="button" (click)="created.set(null)" data-testid="line-secret-done">Done</button>
        </div>
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
      <ul class="list">
        @for (l of lines(); track l.id) {
          <li [attr.data-testid]="'line-' + l.name">
            <strong>{{ l.name }}</strong> <span class="muted">{{ organizationName(l.organizationId) }}</span> ·
            <span class="muted">since {{ l.createdAt | date: 'mediumDate' }}</span>
            <code data-testid="line-id">X-Flowdesk-Line: {{ l.id }}</code>
          </li>
        } @empty {
          <li class="muted">No line yet.</li>
        }
      </ul>
    </section>
  `,
  styleUrl: './channels.css',
})
export class PhoneLinesPanel {
  private readonly api = inject(ChannelsAdminApi);
  readonly organizations = input.required<Organization[]>();
  protected readonly lines = signal<ListedPhoneLine[]>([]);
  protected readonly created = signal<PhoneLine | null>(null);
  protected readonly copied = signal(false);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected draft = { organizationId: '', name: '' };

  constructor() {
    void this.load();
  }

  protected organizationName(id: string): string {
    return this.organizations().find((o) => o.id === id)?.name ?? '';
  }

  protected async create(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    this.copied.set(false);
    try {
      const line = await firstValueFrom(this.api.createPhoneLine({ ...this.draft }));
      this.created.set(line);
      const { secret: _secret, ...listed } = line;
      this.lines.update((list) => [...list, listed]);
      this.draft = { organizationId: this.draft.organizationId, name: '' };
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }

  protected async copy(secret: string): Promise<void> {
    await navigator.clipboard.writeText(secret);
    this.copied.set(true);
  }

  private async load(): Promise<void> {
    try {
      this.lines.set(await firstValueFrom(this.api.phoneLines()));
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
