import { Component, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiProblem, toApiProblem } from '../../../core/api/api-error';
import type { CatalogCategory } from '../../../core/api/catalog-api';
import { CuratedItem, CurationApi, CurationChoices, ProcessChoice, Service } from '../../../core/api/curation-api';
import { ProblemMessage } from '../../operate/problem-message';
import { AdminNav } from '../admin-nav';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';
import { EMPTY_FORM, FormDesigner, componentAt } from '../../../shared/form-designer/form-designer';
import { ItemFields } from './item-fields';
import { ItemDraft, blankDraft, draftOf, payloadOf } from './item-draft';

/** The payload paths the page shows problems beside (the deepest one that starts a detail's path wins). */
const FIELDS = [
  'name',
  'description',
  'categoryId',
  'serviceId',
  'price',
  'price.amount',
  'price.currency',
  'approvalPolicy',
  'approvalPolicy.group',
  'approvalPolicy.costThreshold',
  'approvalPolicy.costApprovers',
  'visibility.organizationIds',
  'visibility.roles',
  'processId',
  'fulfilmentGroup',
] as const;

/** A refused form component, named as the curator knows it. */
interface FormComponentProblem {
  path: string;
  name: string;
  message: string;
}

/**
 * One catalog item, new (`/admin/catalog/items/new`) or existing: its details, who approves and who
 * sees it, the process an order starts, and its request form designed in form-js with a live
 * preview. A new item is saved as a draft that requesters do not see until it is published. The API
 * checks everything again; a refused form component is named and selected in the editor.
 */
@Component({
  selector: 'app-item-editor-page',
  imports: [AdminNav, FormDesigner, FormsModule, ItemFields, ProblemMessage, RouterLink],
  template: `
    <app-admin-nav />
    <p class="back"><a routerLink="/admin/catalog">← Catalog</a></p>
    @if (ready()) {
      <section class="card" aria-labelledby="item-editor-title">
        <div class="head">
          <h2 id="item-editor-title">{{ item() ? item()!.name : 'New catalog item' }}</h2>
          <span class="state" data-testid="item-editor-state">{{ item()?.active ? 'Published' : 'Draft' }}</span>
        </div>
        <app-item-fields
          [draft]="draft()"
          [problems]="problems().fields"
          [categories]="categories()"
          [services]="services()"
          [choices]="choices()"
          [processes]="processes()"
        />
        <h3 id="request-form-title">Request form</h3>
        <app-form-designer #designer [schema]="initialSchema()" />
        @if (formProblems().length) {
          <div class="status error" role="alert" data-testid="form-schema-error">
            <strong>The server cannot check answers to this form:</strong>
            <ul>
              @for (p of formProblems(); track p.path) {
                <li>
                  <button type="button" class="link" (click)="designer.reveal(p.path)">{{ p.name }}</button>: {{ p.message }}
                </li>
              }
            </ul>
          </div>
        }
        @if (problems().general; as p) {
          <app-problem-message data-testid="item-editor-error" [problem]="p" />
        }
        <div class="actions">
          <button type="button" class="primary" data-testid="item-save" [disabled]="busy()" (click)="save(item()?.active ?? false)">
            {{ item()?.active ? 'Save' : 'Save draft' }}
          </button>
          @if (item()?.active) {
            <button type="button" data-testid="item-withdraw" [disabled]="busy()" (click)="save(false)">Withdraw</button>
          } @else {
            <button type="button" data-testid="item-publish" [disabled]="busy()" (click)="save(true)">Publish</button>
          }
          <span class="muted" data-testid="item-saved" aria-live="polite">{{ savedNote() }}</span>
        </div>
      </section>
    } @else if (loadProblem(); as p) {
      <app-problem-message [problem]="p" />
    } @else {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .back {
      margin: 0 0 0.75rem;
    }
    .head {
      display: flex;
      gap: 1rem;
      align-items: baseline;
    }
    .state {
      font-size: 0.8rem;
      padding: 0.1rem 0.5rem;
      border-radius: 999px;
      background: #eef1f4;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      margin-top: 1rem;
    }
  `,
})
export class ItemEditorPage {
  private readonly api = inject(CurationApi);
  private readonly router = inject(Router);
  /** Route parameter: an item id, or `new`. */
  readonly id = input.required<string>();
  protected readonly item = signal<CuratedItem | null>(null);
  protected readonly draft = signal<ItemDraft>(blankDraft());
  protected readonly initialSchema = signal(EMPTY_FORM);
  protected readonly categories = signal<CatalogCategory[]>([]);
  protected readonly services = signal<Service[]>([]);
  protected readonly choices = signal<CurationChoices | null>(null);
  protected readonly processes = signal<ProcessChoice[]>([]);
  protected readonly ready = signal(false);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected readonly formProblems = signal<FormComponentProblem[]>([]);
  protected readonly loadProblem = signal<ApiProblem | null>(null);
  protected readonly savedNote = signal('');
  private readonly designer = viewChild(FormDesigner);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  protected async save(active: boolean): Promise<void> {
    const designer = this.designer();
    if (!designer || this.busy()) return;
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    this.formProblems.set([]);
    this.savedNote.set('');
    const schema = designer.current();
    const payload = payloadOf(this.draft(), schema, active);
    const existing = this.item();
    try {
      const saved = await firstValueFrom(existing ? this.api.updateItem(existing.id, payload) : this.api.createItem(payload));
      this.item.set(saved);
      this.savedNote.set(saved.active ? 'Saved and published: requesters it is meant for can order it.' : 'Saved as a draft.');
      if (!existing) await this.router.navigate(['/admin/catalog/items', saved.id], { replaceUrl: true });
    } catch (e) {
      this.showProblem(toApiProblem(e), schema);
    } finally {
      this.busy.set(false);
    }
  }

  /** Problems inside the form schema are named by their component and selected in the editor. */
  private showProblem(problem: ApiProblem, schema: Record<string, unknown> & { components: unknown[] }): void {
    const inForm = problem.details.filter((d) => d.field?.startsWith('payload.formSchema'));
    const named = inForm.map((d) => {
      const path = d.field!.replace(/^payload\.formSchema\.?/, '');
      const at = /^components\.\d+(?:\.components\.\d+)*/.exec(path)?.[0] ?? '';
      const c = at ? componentAt(schema, at) : undefined;
      const label = typeof c?.['label'] === 'string' && c['label'] ? c['label'] : null;
      const key = typeof c?.['key'] === 'string' ? c['key'] : null;
      const name = c ? `${label ?? `A ${String(c['type'])} field`}${key ? ` (${key})` : ''}` : 'The form';
      return { path: at, name, message: d.message };
    });
    this.formProblems.set(named);
    if (named[0]?.path) this.designer()?.reveal(named[0].path);
    const rest = { ...problem, details: problem.details.filter((d) => !inForm.includes(d)) };
    const split = pathProblems(rest, FIELDS);
    this.problems.set(inForm.length && !rest.details.length ? { ...split, general: null } : split);
  }

  private async load(id: string): Promise<void> {
    this.ready.set(false);
    try {
      const [categories, services, choices, processes, item] = await Promise.all([
        firstValueFrom(this.api.categories()),
        firstValueFrom(this.api.services({})).then((p) => p.items),
        firstValueFrom(this.api.choices()),
        this.api.processes(),
        id === 'new' ? Promise.resolve(null) : firstValueFrom(this.api.item(id)),
      ]);
      this.categories.set(categories);
      this.services.set(services);
      this.choices.set(choices);
      this.processes.set(processes);
      this.item.set(item);
      this.draft.set(item ? draftOf(item) : blankDraft());
      this.initialSchema.set(item ? item.formSchema : EMPTY_FORM);
      this.ready.set(true);
    } catch (e) {
      this.loadProblem.set(toApiProblem(e));
    }
  }
}
