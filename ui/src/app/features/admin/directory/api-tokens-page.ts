import { DatePipe } from '@angular/common';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { ApiToken, CreatedApiToken, DirectoryApi } from '../../../core/api/directory-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

/**
 * Your API tokens for integrations. A token acts as you with your roles (the API has no narrower
 * scopes), so the page says so. Its secret is in the create answer only: shown once here, with a copy
 * button, and gone when dismissed or on leaving the page; the list shows the prefix that identifies it.
 */
@Component({
  selector: 'app-api-tokens-page',
  imports: [AdminNav, DatePipe, FormsModule, ProblemMessage],
  template: `
    <app-admin-nav />
    <section class="card" aria-labelledby="tokens-title" data-testid="api-tokens-admin">
      <header class="card-header">
        <div>
          <h2 id="tokens-title">API tokens</h2>
          <p class="hint">A token acts as you, with all your roles. Send it as <code>Authorization: Bearer …</code>.</p>
        </div>
      </header>
      <form class="row" (ngSubmit)="create()" novalidate aria-label="New API token">
        <label class="field"
          ><span>Name</span
          ><input name="name" data-testid="token-name" [(ngModel)]="draft.name" [attr.aria-invalid]="!!problems().fields['name']" />
          <span class="field-error" data-testid="token-name-error">{{ problems().fields['name'] }}</span></label
        >
        <label class="field"
          ><span>Expires in days <small>(empty: never)</small></span
          ><input
            name="expiresInDays"
            inputmode="numeric"
            data-testid="token-expiry"
            [(ngModel)]="draft.expiresInDays"
            [attr.aria-invalid]="!!problems().fields['expiresInDays']"
          />
          <span class="field-error" data-testid="token-expiry-error">{{ problems().fields['expiresInDays'] }}</span></label
        >
        <button type="submit" [disabled]="busy()" data-testid="token-create">Create token</button>
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" data-testid="token-problem" />
      }
      @if (created(); as t) {
        <div class="status success secret" role="status" data-testid="token-secret">
          <p>
            Token <strong>{{ t.name }}</strong> — copy it now, it is not shown again:
          </p>
          <code data-testid="token-secret-value">{{ t.token }}</code>
          <button type="button" (click)="copy(t.token)" data-testid="token-copy">{{ copied() ? 'Copied' : 'Copy' }}</button>
          <button type="button" (click)="created.set(null)" data-testid="token-secret-done">Done</button>
        </div>
      }
      @if (loadError(); as p) {
        <app-problem-message [problem]="p" />
      }
      <ul class="tokens">
        @for (t of tokens(); track t.id) {
          <li [attr.data-testid]="'token-' + t.name" [attr.data-revoked]="!!t.revokedAt">
            <strong>{{ t.name }}</strong> <code>{{ t.prefix }}…</code>
            <span class="muted">created {{ t.createdAt | date: 'medium' }}</span>
            <span class="muted">{{ t.expiresAt ? 'expires ' + (t.expiresAt | date: 'mediumDate') : 'never expires' }}</span>
            <span class="muted">{{ t.lastUsedAt ? 'last used ' + (t.lastUsedAt | date: 'medium') : 'never used' }}</span>
            @if (t.revokedAt) {
              <span class="badge" data-testid="token-revoked">revoked</span>
            } @else {
              <button type="button" [attr.aria-label]="'Revoke ' + t.name" (click)="revoke(t)" data-testid="token-revoke">Revoke</button>
            }
          </li>
        } @empty {
          <li class="muted">No token yet.</li>
        }
      </ul>
    </section>
  `,
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: flex-end;
    }
    .secret {
      margin: 0.75rem 0;
    }
    .secret code {
      display: block;
      overflow-wrap: anywhere;
      margin: 0.25rem 0 0.5rem;
    }
    .tokens {
      list-style: none;
      padding: 0;
    }
    .tokens li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      align-items: baseline;
      padding: 0.35rem 0;
      border-bottom: 1px solid var(--border);
    }
  `,
})
export class ApiTokensPage {
  private readonly api = inject(DirectoryApi);
  protected readonly tokens = signal<ApiToken[]>([]);
  protected readonly created = signal<CreatedApiToken | null>(null);
  protected readonly copied = signal(false);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly loadError = signal<ApiProblem | null>(null);
  protected draft = { name: '', expiresInDays: '' };

  constructor() {
    void this.load();
  }

  protected async create(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    this.copied.set(false);
    const days = this.draft.expiresInDays.trim();
    try {
      const t = await firstValueFrom(
        this.api.createApiToken({
          name: this.draft.name,
          ...(days ? { expiresInDays: Number.isFinite(Number(days)) ? Number(days) : (days as unknown as number) } : {}),
        }),
      );
      this.created.set(t);
      const { token: _secret, ...listed } = t;
      this.tokens.update((list) => [listed, ...list]);
      this.draft = { name: '', expiresInDays: '' };
    } catch (err) {
      this.problems.set(pathProblems(toApiProblem(err), ['name', 'expiresInDays']));
    } finally {
      this.busy.set(false);
    }
  }

  protected async copy(secret: string): Promise<void> {
    await navigator.clipboard.writeText(secret);
    this.copied.set(true);
  }

  protected async revoke(t: ApiToken): Promise<void> {
    this.loadError.set(null);
    try {
      await firstValueFrom(this.api.revokeApiToken(t.id));
      await this.load();
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }

  private async load(): Promise<void> {
    try {
      this.tokens.set((await firstValueFrom(this.api.apiTokens())).items);
    } catch (err) {
      this.loadError.set(toApiProblem(err));
    }
  }
}
