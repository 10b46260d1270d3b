import { DatePipe } from '@angular/common';
import { Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { ChannelsAdminApi, ChatSite } from '../../../core/api/channels-admin-api';
import { Organization } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

const FIELDS = ['organizationId', 'name', 'allowedOrigins', 'ticketType'] as const;

/**
 * Widget site keys (issue 25): one per organisation's web app, naming the origins allowed to embed the
 * widget and post the contact form. The key is public (it sits in the page's script tag), so the list
 * shows it with the snippet to paste; the origins are what keeps another site from using it.
 */
@Component({
  selector: 'app-chat-sites-panel',
  imports: [DatePipe, FormsModule, ProblemMessage],
  template: `
    <section class="card" aria-labelledby="sites-title" data-testid="chat-sites-admin">
      <header class="card-header">
        <div>
          <h2 id="sites-title">Chat widget and contact form</h2>
          <p class="hint">A site key per web app; only the origins listed may embed it. Chats become tickets of the chosen type.</p>
        </div>
      </header>
      <form class="row" (ngSubmit)="create()" novalidate aria-label="New widget site" data-testid="site-form">
        <label class="field"
          ><span>Customer</span>
          <select
            name="organizationId"
            data-testid="site-organization"
            [(ngModel)]="draft.organizationId"
            [attr.aria-invalid]="!!problems().fields['organizationId']"
          >
            <option value="">Choose…</option>
            @for (o of organizations(); track o.id) {
              <option [value]="o.id">{{ o.name }}</option>
            }
          </select>
          <span class="field-error" data-testid="site-organization-error">{{ problems().fields['organizationId'] }}</span></label
        >
        <label class="field"
          ><span>Name</span
          ><input name="name" data-testid="site-name" [(ngModel)]="draft.name" [attr.aria-invalid]="!!problems().fields['name']" />
          <span class="field-error" data-testid="site-name-error">{{ problems().fields['name'] }}</span></label
        >
        <label class="field origins"
          ><span>Allowed origins <small>(one a line, e.g. https://shop.example)</small></span
          ><textarea
            name="allowedOrigins"
            rows="2"
            data-testid="site-origins"
            [(ngModel)]="draft.allowedOrigins"
            [attr.aria-invalid]="!!problems().fields['allowedOrigins']"
          ></textarea>
          <span class="field-error" data-testid="site-origins-error">{{ problems().fields['allowedOrigins'] }}</span></label
        >
        <label class="field"
          ><span>Chats become</span>
          <select name="ticketType" data-testid="site-type" [(ngModel)]="draft.ticketType">
            <option value="incident">incidents</option>
            <option value="request">requests</option>
          </select></label
        >
        <button type="submit" [disabled]="busy()" data-testid="site-create">Issue site key</button>
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" data-testid="site-problem" />
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
      <ul class="list">
        @for (s of sites(); track s.id) {
          <li [attr.data-testid]="'site-' + s.name">
            <div>
              <strong>{{ s.name }}</strong> <span class="muted">{{ organizationName(s.organizationId) }}</span> ·
              <span class="muted">{{ s.ticketType }}</span> · <span class="muted">since {{ s.createdAt | date: 'mediumDate' }}</span>
            </div>
            <div class="muted" data-testid="site-origins-list">
              {{ s.allowedOrigins.length ? s.allowedOrigins.join(', ') : 'only this desk’s own pages' }}
            </div>
            <code data-testid="site-snippet">{{ snippet(s) }}</code>
          </li>
        } @empty {
          <li class="muted">No site key yet.</li>
        }
      </ul>
    </section>
  `,
  styleUrl: './channels.css',
})
export class ChatSitesPanel {
  private readonly api = inject(ChannelsAdminApi);
  readonly organizations = input.required<Organization[]>();
  protected readonly sites = signal<ChatSite[]>([]);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected draft = { organizationId: '', name: '', allowedOrigins: '', ticketType: 'incident' };

  constructor() {
    void this.load();
  }

  protected organizationName(id: string): string {
    return this.organizations().find((o) => o.id === id)?.name ?? '';
  }

  protected snippet(s: ChatSite): string {
    return `<script src="${location.origin}/widget.js" data-site-key="${s.siteKey}" async></script>`;
  }

  protected async create(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      const site = await firstValueFrom(
        this.api.createSite({
          organizationId: this.draft.organizationId,
          name: this.draft.name,
          allowedOrigins: this.draft.allowedOrigins
            .split(/\s+/)
            .map((o) => o.trim())
            .filter(Boolean),
          ticketType: this.draft.ticketType,
        }),
      );
      this.sites.update((list) => [...list, site]);
      this.draft = { organizationId: this.draft.organizationId, name: '', allowedOrigins: '', ticketType: 'incident' };
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      this.sites.set(await firstValueFrom(this.api.sites()));
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
