import { Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import { CannedResponse, CannedResponseInput, DeskConfigApi } from '../../../core/api/desk-config-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

const FIELDS = ['title', 'body', 'groupKey', 'category', 'ticketNumber'] as const;
const EMPTY: CannedResponseInput = { title: '', body: '', groupKey: null, category: null };

/**
 * The desk's canned responses: list, write, change, delete, and a preview filled in from a real
 * ticket, so a placeholder the API does not know ({{ticket.nmuber}}) shows at the field before an
 * agent ever sends it.
 */
@Component({
  selector: 'app-canned-responses-page',
  imports: [FormsModule, ProblemMessage, AdminNav],
  styleUrl: './desk-config.css',
  template: `
    <app-admin-nav />
    <h1>Canned responses</h1>
    <div class="layout">
      <section class="card" aria-labelledby="canned-list-title">
        <h2 id="canned-list-title">Responses</h2>
        <label class="field"><span>Find</span><input type="search" name="q" data-testid="canned-filter" (input)="search($event)" /></label>
        <div class="table-wrap">
          <table class="data-table cards">
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
                  <td><button type="button" data-testid="canned-delete" (click)="remove(r)">Delete</button></td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="4" class="muted">No canned response yet.</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="canned-editor-title">
        <h2 id="canned-editor-title">{{ editing() ? 'Edit “' + editing()!.title + '”' : 'New canned response' }}</h2>
        <form class="editor" (ngSubmit)="save()" data-testid="canned-form">
          <label class="field"
            ><span>Title</span
            ><input name="title" [(ngModel)]="draft.title" required data-testid="canned-title" aria-describedby="canned-title-error"
          /></label>
          <p id="canned-title-error" class="field-error">{{ problems().fields['title'] }}</p>
          <label class="field"
            ><span>Text (may use {{ '{{ticket.number}}' }}, {{ '{{caller.firstName}}' }}, {{ '{{agent.displayName}}' }}…)</span
            ><textarea
              name="body"
              rows="6"
              [(ngModel)]="draft.body"
              required
              data-testid="canned-body"
              aria-describedby="canned-body-error"
            ></textarea>
          </label>
          <p id="canned-body-error" class="field-error" data-testid="canned-body-error">{{ problems().fields['body'] }}</p>
          <label class="field"
            ><span>Category</span><input name="category" [(ngModel)]="draft.category" data-testid="canned-category"
          /></label>
          <p class="field-error">{{ problems().fields['category'] }}</p>
          <label class="field"
            ><span>Only for group (key; empty: everyone)</span
            ><input name="groupKey" [(ngModel)]="draft.groupKey" data-testid="canned-group"
          /></label>
          <p class="field-error">{{ problems().fields['groupKey'] }}</p>
          @if (problems().general; as p) {
            <app-problem-message data-testid="canned-problem" [problem]="p" />
          }
          <div class="actions">
            <button type="submit" [disabled]="busy()" data-testid="canned-save">{{ editing() ? 'Save changes' : 'Create' }}</button>
            @if (editing()) {
              <button type="button" (click)="startNew()">New instead</button>
            }
          </div>
        </form>
        @if (editing(); as r) {
          <h3>Preview</h3>
          <form class="editor" (ngSubmit)="preview(r)">
            <label class="field"
              ><span>Against ticket</span
              ><input name="ticketNumber" [(ngModel)]="previewTicket" placeholder="INC0001042" data-testid="canned-preview-ticket"
            /></label>
            <p class="field-error">{{ problems().fields['ticketNumber'] }}</p>
            <button type="submit" data-testid="canned-preview">Preview the saved text</button>
          </form>
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
  protected readonly items = signal<CannedResponse[]>([]);
  protected readonly editing = signal<CannedResponse | null>(null);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly busy = signal(false);
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
    this.problems.set(NO_PATH_PROBLEMS);
  }

  protected startNew(): void {
    this.editing.set(null);
    this.draft = { ...EMPTY };
    this.problems.set(NO_PATH_PROBLEMS);
  }

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    // An emptied optional field means "none", which the API spells null.
    const input = { ...this.draft, groupKey: this.draft.groupKey?.trim() || null, category: this.draft.category?.trim() || null };
    try {
      const current = this.editing();
      const saved = await firstValueFrom(current ? this.api.updateCannedResponse(current.id, input) : this.api.createCannedResponse(input));
      this.edit(saved);
      await this.load();
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    } finally {
      this.busy.set(false);
    }
  }

  protected async preview(r: CannedResponse): Promise<void> {
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      this.rendered.set((await firstValueFrom(this.api.renderCannedResponse(r.id, this.previewTicket.trim()))).body);
    } catch (e) {
      this.rendered.set(null);
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    }
  }

  protected async remove(r: CannedResponse): Promise<void> {
    if (!confirm(`Delete the canned response “${r.title}”?`)) return;
    try {
      await firstValueFrom(this.api.deleteCannedResponse(r.id));
      if (this.editing()?.id === r.id) this.startNew();
      await this.load();
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    }
  }

  private async load(): Promise<void> {
    try {
      this.items.set((await firstValueFrom(this.api.cannedResponses(this.query || undefined))).items);
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
    }
  }
}
