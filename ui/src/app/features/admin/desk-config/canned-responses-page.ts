import { Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import { CannedResponse, CannedResponseInput, DeskConfigApi } from '../../../core/api/desk-config-api';
import { ActionForm } from '../../../shared/action-form/action-form';
import { FormRun } from '../../../shared/action-form/form-run';
import { Confirm } from '../../../shared/confirm-dialog/confirm-dialog';
import { ListPage } from '../../../shared/list-page/list-page';
import { ViewState } from '../../../shared/state-view/state-view';
import { AdminNav } from '../admin-nav';

const FIELDS = ['title', 'body', 'groupKey', 'category'] as const;
const EMPTY: CannedResponseInput = { title: '', body: '', groupKey: null, category: null };

/**
 * The desk's canned responses: list, write, change, delete, and a preview filled in from a real
 * ticket, so a placeholder the API does not know ({{ticket.nmuber}}) shows at the field before an
 * agent ever sends it. Built from the shared blocks: the list page, the action form, the confirm dialog.
 */
@Component({
  selector: 'app-canned-responses-page',
  imports: [ActionForm, AdminNav, FormsModule, ListPage, MatButtonModule],
  styleUrl: './desk-config.css',
  template: `
    <app-admin-nav />
    <h1>Canned responses</h1>
    <div class="layout">
      <app-list-page
        heading="Responses"
        testId="canned"
        emptyText="No canned response yet."
        errorText="The canned responses could not be loaded."
        [state]="state()"
        [problem]="listProblem()"
        (retry)="load()"
      >
        <form role="search" aria-label="Find canned responses" filters (submit)="$event.preventDefault()">
          <label class="field"
            ><span>Find</span><input type="search" name="q" data-testid="canned-filter" (input)="search($event)"
          /></label>
        </form>
        @if (items().length) {
          <div class="table-wrap">
            <table class="data-table cards">
              <caption class="visually-hidden">
                Canned responses
              </caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Category</th>
                  <th scope="col">Group</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (r of items(); track r.id) {
                  <tr data-testid="canned-row" [attr.data-title]="r.title" [class.selected]="editing()?.id === r.id">
                    <td data-label="Title">
                      <button type="button" class="link" (click)="edit(r)">{{ r.title }}</button>
                    </td>
                    <td data-label="Category">{{ r.category ?? '' }}</td>
                    <td data-label="Group">{{ r.groupKey ?? 'everyone' }}</td>
                    <td>
                      <button
                        mat-button
                        type="button"
                        data-testid="canned-delete"
                        [attr.aria-label]="'Delete ' + r.title"
                        (click)="remove(r)"
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </app-list-page>
      <section class="card" aria-labelledby="canned-editor-title">
        <h2 id="canned-editor-title">{{ editing() ? 'Edit “' + editing()!.title + '”' : 'New canned response' }}</h2>
        <app-action-form
          data-testid="canned-form"
          submitTestId="canned-save"
          problemTestId="canned-problem"
          [submitText]="editing() ? 'Save changes' : 'Create'"
          [cancelText]="editing() ? 'New instead' : ''"
          [label]="editing() ? 'Edit canned response' : 'New canned response'"
          [run]="form"
          (submitted)="save()"
          (cancelled)="startNew()"
        >
          <label class="field"
            ><span>Title</span
            ><input
              name="title"
              [(ngModel)]="draft.title"
              (ngModelChange)="form.edited('title')"
              data-testid="canned-title"
              aria-describedby="canned-title-error"
              [attr.aria-invalid]="form.error('title') ? true : null"
          /></label>
          <p id="canned-title-error" class="field-error">{{ form.error('title') }}</p>
          <label class="field"
            ><span>Text (may use {{ '{{ticket.number}}' }}, {{ '{{caller.firstName}}' }}, {{ '{{agent.displayName}}' }}…)</span
            ><textarea
              name="body"
              rows="6"
              [(ngModel)]="draft.body"
              (ngModelChange)="form.edited('body')"
              data-testid="canned-body"
              aria-describedby="canned-body-error"
              [attr.aria-invalid]="form.error('body') ? true : null"
            ></textarea>
          </label>
          <p id="canned-body-error" class="field-error" data-testid="canned-body-error">{{ form.error('body') }}</p>
          <label class="field"
            ><span>Category</span
            ><input
              name="category"
              [(ngModel)]="draft.category"
              data-testid="canned-category"
              [attr.aria-invalid]="form.error('category') ? true : null"
          /></label>
          <p class="field-error">{{ form.error('category') }}</p>
          <label class="field"
            ><span>Only for group (key; empty: everyone)</span
            ><input
              name="groupKey"
              [(ngModel)]="draft.groupKey"
              data-testid="canned-group"
              [attr.aria-invalid]="form.error('groupKey') ? true : null"
          /></label>
          <p class="field-error">{{ form.error('groupKey') }}</p>
        </app-action-form>
        @if (editing(); as r) {
          <h3>Preview</h3>
          <app-action-form
            label="Preview against a ticket"
            submitText="Preview the saved text"
            busyText="Filling in…"
            submitTestId="canned-preview"
            [run]="previewForm"
            (submitted)="preview(r)"
          >
            <label class="field"
              ><span>Against ticket</span
              ><input
                name="ticketNumber"
                [(ngModel)]="previewTicket"
                (ngModelChange)="previewForm.edited('ticketNumber')"
                placeholder="INC0001042"
                data-testid="canned-preview-ticket"
                [attr.aria-invalid]="previewForm.error('ticketNumber') ? true : null"
            /></label>
            <p class="field-error">{{ previewForm.error('ticketNumber') }}</p>
          </app-action-form>
          @if (rendered(); as text) {
            <div class="preview" data-testid="canned-preview-text">{{ text }}</div>
          }
        }
      </section>
    </div>
  `,
})
export class CannedResponsesPage implements OnInit {
  private readonly api = inject(DeskConfigApi);
  private readonly confirm = inject(Confirm);
  protected readonly items = signal<CannedResponse[]>([]);
  protected readonly editing = signal<CannedResponse | null>(null);
  protected readonly form = new FormRun(FIELDS, 'path');
  protected readonly previewForm = new FormRun(['ticketNumber'], 'path');
  protected readonly listProblem = signal<ApiProblem | null>(null);
  private readonly loaded = signal(false);
  protected readonly state = computed<ViewState>(() =>
    this.listProblem() ? 'error' : !this.loaded() ? 'loading' : this.items().length ? 'ready' : 'empty',
  );
  protected readonly rendered = signal<string | null>(null);
  protected draft: CannedResponseInput = { ...EMPTY };
  protected previewTicket = '';
  private query = '';

  ngOnInit(): void {
    void this.load();
  }

  protected search(event: Event): void {
    this.query = (event.target as HTMLInputElement).value.trim();
    void this.load();
  }

  protected edit(r: CannedResponse): void {
    this.editing.set(r);
    this.draft = { title: r.title, body: r.body, groupKey: r.groupKey, category: r.category };
    this.rendered.set(null);
    this.form.reset();
    this.previewForm.reset();
  }

  protected startNew(): void {
    this.editing.set(null);
    this.draft = { ...EMPTY };
    this.form.reset();
  }

  protected async save(): Promise<void> {
    // An emptied optional field means "none", which the API spells null.
    const input = { ...this.draft, groupKey: this.draft.groupKey?.trim() || null, category: this.draft.category?.trim() || null };
    const current = this.editing();
    const saved = await this.form.run(() =>
      firstValueFrom(current ? this.api.updateCannedResponse(current.id, input) : this.api.createCannedResponse(input)),
    );
    if (!saved) return;
    this.edit(saved);
    await this.load();
  }

  protected async preview(r: CannedResponse): Promise<void> {
    this.rendered.set(null);
    const rendered = await this.previewForm.run(() => firstValueFrom(this.api.renderCannedResponse(r.id, this.previewTicket.trim())));
    if (rendered) this.rendered.set(rendered.body);
  }

  protected async remove(r: CannedResponse): Promise<void> {
    const yes = await this.confirm.ask({
      title: `Delete “${r.title}”?`,
      message: 'Agents no longer find it in the composer. Replies already sent keep their text.',
      confirmText: 'Delete',
      destructive: true,
    });
    if (!yes) return;
    try {
      await firstValueFrom(this.api.deleteCannedResponse(r.id));
      if (this.editing()?.id === r.id) this.startNew();
      await this.load();
    } catch (e) {
      this.listProblem.set(toApiProblem(e));
    }
  }

  protected async load(): Promise<void> {
    try {
      this.items.set((await firstValueFrom(this.api.cannedResponses(this.query || undefined))).items);
      this.listProblem.set(null);
      this.loaded.set(true);
    } catch (e) {
      this.listProblem.set(toApiProblem(e));
    }
  }
}
