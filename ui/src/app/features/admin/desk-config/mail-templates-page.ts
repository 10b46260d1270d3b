import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { DeskConfigApi, MailTemplate, MailTemplatePreview } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

const FIELDS = ['subject', 'body', 'ticketNumber'] as const;

/**
 * Mail templates: edit the subject and text the processes send, and preview the unsaved draft
 * against a chosen ticket (the API renders it exactly as a notify task would, sending nothing).
 */
@Component({
  selector: 'app-mail-templates-page',
  imports: [FormsModule, ProblemMessage, AdminNav],
  styleUrl: './desk-config.css',
  template: `
    <app-admin-nav />
    <h1>Mail templates</h1>
    <div class="layout">
      <section class="card" aria-labelledby="templates-title">
        <h2 id="templates-title">Templates</h2>
        <ul>
          @for (t of items(); track t.key) {
            <li [class.selected]="key === t.key">
              <button type="button" class="link" data-testid="template-open" [attr.data-key]="t.key" (click)="open(t)">{{ t.key }}</button>
              <span class="muted"> — {{ t.subject }}</span>
            </li>
          } @empty {
            <li class="muted">No template stored yet: the processes use their built-in texts.</li>
          }
        </ul>
        <h3>Placeholders</h3>
        <p class="hint" data-testid="template-placeholders">{{ placeholders().join(', ') }}</p>
      </section>
      <section class="card" aria-labelledby="template-editor-title">
        <h2 id="template-editor-title">{{ key ? 'Edit ' + key : 'New template' }}</h2>
        <form class="editor" (ngSubmit)="save()" data-testid="template-form">
          <label class="field"
            ><span>Key (like ticket.resolved)</span><input name="key" [(ngModel)]="key" required data-testid="template-key"
          /></label>
          <label class="field"
            ><span>Subject</span><input name="subject" [(ngModel)]="subject" required data-testid="template-subject"
          /></label>
          <p class="field-error" data-testid="template-subject-error">{{ problems().fields['subject'] }}</p>
          <label class="field"
            ><span>Text</span><textarea name="body" rows="10" [(ngModel)]="body" required data-testid="template-body"></textarea>
          </label>
          <p class="field-error" data-testid="template-body-error">{{ problems().fields['body'] }}</p>
          <label class="field"
            ><span>Preview against ticket</span
            ><input name="ticketNumber" [(ngModel)]="ticketNumber" placeholder="INC0001042" data-testid="template-ticket"
          /></label>
          <p class="field-error">{{ problems().fields['ticketNumber'] }}</p>
          @if (problems().general; as p) {
            <app-problem-message data-testid="template-problem" [problem]="p" />
          }
          <div class="actions">
            <button type="button" data-testid="template-preview" (click)="preview()">Preview</button>
            <button type="submit" data-testid="template-save" [disabled]="busy()">Save</button>
            @if (saved()) {
              <span role="status" data-testid="template-saved">Saved</span>
            }
          </div>
        </form>
        @if (rendered(); as r) {
          <h3>Preview for {{ r.ticketNumber }}</h3>
          <p data-testid="template-preview-subject">
            <strong>{{ r.subject }}</strong>
          </p>
          <div class="preview" data-testid="template-preview-text">{{ r.text }}</div>
        }
      </section>
    </div>
  `,
})
export class MailTemplatesPage implements OnInit {
  private readonly api = inject(DeskConfigApi);
  protected readonly items = signal<MailTemplate[]>([]);
  protected readonly placeholders = signal<string[]>([]);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly rendered = signal<MailTemplatePreview | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected key = '';
  protected subject = '';
  protected body = '';
  protected ticketNumber = '';

  ngOnInit(): void {
    void this.load();
  }

  protected open(t: MailTemplate): void {
    this.key = t.key;
    this.subject = t.subject;
    this.body = t.body;
    this.rendered.set(null);
    this.saved.set(false);
    this.problems.set(NO_PATH_PROBLEMS);
  }

  protected async preview(): Promise<void> {
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      const input = { ticketNumber: this.ticketNumber.trim(), subject: this.subject, body: this.body };
      this.rendered.set(await firstValueFrom(this.api.previewMailTemplate(this.key.trim(), input)));
    } catch (e) {
      this.rendered.set(null);
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    }
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.saved.set(false);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      await firstValueFrom(this.api.putMailTemplate(this.key.trim(), { subject: this.subject, body: this.body }));
      this.saved.set(true);
      await this.load();
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      const list = await firstValueFrom(this.api.mailTemplates());
      this.items.set(list.items);
      this.placeholders.set(list.placeholders);
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    }
  }
}
