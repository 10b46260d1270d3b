import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { DeskConfigApi, MailTemplate, MailTemplatePreview } from '../../../core/api/desk-config-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { ListPage } from '../../../shared/list-page/list-page';
import { ViewState } from '../../../shared/state-view/state-view';
import { AdminNav } from '../admin-nav';

const FIELDS = ['key', 'subject', 'body', 'ticketNumber'] as const;

/**
 * Mail templates: edit the subject and text the processes send, and preview the unsaved draft
 * against a chosen ticket (the API renders it exactly as a notify task would, sending nothing).
 * Built from the shared blocks: the list page and the action form (preview and save share its busy state).
 */
@Component({
  selector: 'app-mail-templates-page',
  imports: [ActionForm, AdminNav, FormsModule, ListPage, MatButtonModule],
  styleUrl: './desk-config.css',
  template: `
    <app-admin-nav />
    <h1>Mail templates</h1>
    <div class="layout">
      <app-list-page
        heading="Templates"
        testId="templates"
        emptyText="No template stored yet: the processes use their built-in texts."
        errorText="The mail templates could not be loaded."
        [state]="state()"
        [problem]="listProblem()"
        (retry)="load()"
      >
        @if (items().length) {
          <ul>
            @for (t of items(); track t.key) {
              <li [class.selected]="key === t.key">
                <button type="button" class="link" data-testid="template-open" [attr.data-key]="t.key" (click)="open(t)">
                  {{ t.key }}
                </button>
                <span class="muted"> — {{ t.subject }}</span>
              </li>
            }
          </ul>
        }
        <h3>Placeholders</h3>
        <p class="hint" data-testid="template-placeholders">{{ placeholders().join(', ') }}</p>
      </app-list-page>
      <section class="card" aria-labelledby="template-editor-title">
        <h2 id="template-editor-title">{{ key ? 'Edit ' + key : 'New template' }}</h2>
        <app-action-form
          data-testid="template-form"
          label="Mail template"
          submitTestId="template-save"
          problemTestId="template-problem"
          [run]="form"
          (submitted)="save()"
        >
          <label class="field"
            ><span>Key (like ticket.resolved)</span
            ><input
              name="key"
              [(ngModel)]="key"
              (ngModelChange)="edited('key')"
              data-testid="template-key"
              [attr.aria-invalid]="err('key')"
          /></label>
          <p class="field-error">{{ form.error('key') }}</p>
          <label class="field"
            ><span>Subject</span
            ><input
              name="subject"
              [(ngModel)]="subject"
              (ngModelChange)="edited('subject')"
              data-testid="template-subject"
              [attr.aria-invalid]="err('subject')"
          /></label>
          <p class="field-error" data-testid="template-subject-error">{{ form.error('subject') }}</p>
          <label class="field"
            ><span>Text</span
            ><textarea
              name="body"
              rows="10"
              [(ngModel)]="body"
              (ngModelChange)="edited('body')"
              data-testid="template-body"
              [attr.aria-invalid]="err('body')"
            ></textarea>
          </label>
          <p class="field-error" data-testid="template-body-error">{{ form.error('body') }}</p>
          <label class="field"
            ><span>Preview against ticket</span
            ><input
              name="ticketNumber"
              [(ngModel)]="ticketNumber"
              (ngModelChange)="edited('ticketNumber')"
              placeholder="INC0001042"
              data-testid="template-ticket"
              [attr.aria-invalid]="err('ticketNumber')"
          /></label>
          <p class="field-error">{{ form.error('ticketNumber') }}</p>
          <button mat-stroked-button type="button" actions data-testid="template-preview" [disabled]="form.busy()" (click)="preview()">
            Preview
          </button>
          @if (saved()) {
            <span role="status" actions data-testid="template-saved">Saved</span>
          }
        </app-action-form>
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
  protected readonly form = new FormRun(FIELDS, 'path');
  protected readonly listProblem = signal<ApiProblem | null>(null);
  private readonly loaded = signal(false);
  protected readonly state = computed<ViewState>(() =>
    this.listProblem() ? 'error' : !this.loaded() ? 'loading' : this.items().length ? 'ready' : 'empty',
  );
  protected readonly rendered = signal<MailTemplatePreview | null>(null);
  protected readonly saved = signal(false);
  protected key = '';
  protected subject = '';
  protected body = '';
  protected ticketNumber = '';

  ngOnInit(): void {
    void this.load();
  }

  protected err(field: string): true | null {
    return this.form.error(field) ? true : null;
  }

  protected edited(field: string): void {
    this.saved.set(false);
    this.form.edited(field);
  }

  protected open(t: MailTemplate): void {
    this.key = t.key;
    this.subject = t.subject;
    this.body = t.body;
    this.rendered.set(null);
    this.saved.set(false);
    this.form.reset();
  }

  protected async preview(): Promise<void> {
    if (!this.form.checked(this.key.trim() ? {} : { key: 'Name the template, such as ticket.resolved.' })) return;
    this.rendered.set(null);
    const input = { ticketNumber: this.ticketNumber.trim(), subject: this.subject, body: this.body };
    const rendered = await this.form.run(() => firstValueFrom(this.api.previewMailTemplate(this.key.trim(), input)));
    if (rendered) this.rendered.set(rendered);
  }

  protected async save(): Promise<void> {
    if (!this.form.checked(this.key.trim() ? {} : { key: 'Name the template, such as ticket.resolved.' })) return;
    this.saved.set(false);
    const done = await this.form.run(() =>
      firstValueFrom(this.api.putMailTemplate(this.key.trim(), { subject: this.subject, body: this.body })),
    );
    if (done === undefined) return;
    this.saved.set(true);
    await this.load();
  }

  protected async load(): Promise<void> {
    try {
      const list = await firstValueFrom(this.api.mailTemplates());
      this.items.set(list.items);
      this.placeholders.set(list.placeholders);
      this.listProblem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.listProblem.set(toApiProblem(e));
    }
  }
}
