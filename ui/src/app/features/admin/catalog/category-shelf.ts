import { Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../../../core/api/api-error';
import type { CatalogCategory } from '../../../core/api/catalog-api';
import { CurationApi } from '../../../core/api/curation-api';
import { Confirm } from '../../../shared/confirm-dialog/confirm-dialog';
import { ProblemMessage } from '../../operate/problem-message';
import { NO_PATH_PROBLEMS, PathProblems, pathProblems } from '../path-problems';

const FIELDS = ['name', 'description', 'position'] as const;
const STEP = 10;

/**
 * The catalog's categories in the order the portal shows them: renamed in place, moved up and down
 * (which renumbers them in steps of ten, so a later insertion fits between two), and added.
 */
@Component({
  selector: 'app-category-shelf',
  imports: [FormsModule, ProblemMessage],
  template: `
    <section class="card" aria-labelledby="categories-title" data-testid="category-shelf">
      <h2 id="categories-title">Categories</h2>
      <ol class="shelf">
        @for (c of categories(); track c.id; let i = $index, last = $last) {
          <li data-testid="category-row" [attr.data-name]="c.name">
            @if (editingId() === c.id) {
              <form class="row-form" (ngSubmit)="saveEdit(c)">
                <input type="text" name="name" aria-label="Category name" data-testid="category-edit-name" [(ngModel)]="editName" />
                <input type="text" name="description" aria-label="Description" [(ngModel)]="editDescription" />
                <button type="submit" class="primary">Save</button>
                <button type="button" (click)="editingId.set(null)">Cancel</button>
              </form>
            } @else {
              <span class="name">{{ c.name }}</span>
              <span class="muted">{{ c.description }}</span>
              <span class="tools">
                <button type="button" [disabled]="i === 0 || busy()" [attr.aria-label]="'Move ' + c.name + ' up'" (click)="move(i, -1)">
                  ↑
                </button>
                <button type="button" [disabled]="last || busy()" [attr.aria-label]="'Move ' + c.name + ' down'" (click)="move(i, 1)">
                  ↓
                </button>
                <button type="button" (click)="startEdit(c)">Edit</button>
                <button type="button" (click)="selected.emit(c.id)">Items</button>
                <button
                  type="button"
                  data-testid="category-delete"
                  [disabled]="busy()"
                  [attr.aria-label]="'Delete ' + c.name"
                  (click)="remove(c)"
                >
                  Delete
                </button>
              </span>
            }
          </li>
        } @empty {
          <li class="muted">No categories yet.</li>
        }
      </ol>
      <form class="row-form" (ngSubmit)="create()" aria-label="New category">
        <label class="field">
          <span>New category</span>
          <input type="text" name="newName" data-testid="category-new-name" [(ngModel)]="newName" />
          <span class="field-error" data-testid="category-name-error">{{ problems().fields['name'] }}</span>
        </label>
        <label class="field">
          <span>Description <small>(optional)</small></span>
          <input type="text" name="newDescription" data-testid="category-new-description" [(ngModel)]="newDescription" />
        </label>
        <button type="submit" data-testid="category-add" [disabled]="busy()">Add</button>
      </form>
      @if (problems().general; as p) {
        <app-problem-message [problem]="p" />
      }
    </section>
  `,
  styles: `
    .shelf {
      padding-left: 1.25rem;
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.35rem;
    }
    .shelf li {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .name {
      font-weight: 600;
      min-width: 0;
    }
    .tools {
      margin-left: auto;
      display: flex;
      gap: 0.25rem;
    }
    .row-form {
      display: flex;
      gap: 0.5rem;
      align-items: end;
      flex-wrap: wrap;
    }
  `,
})
export class CategoryShelf {
  private readonly api = inject(CurationApi);
  private readonly confirm = inject(Confirm);
  /** A category whose items should be listed. */
  readonly selected = output<string>();
  /** The categories changed (the item list names them). */
  readonly changed = output<CatalogCategory[]>();
  protected readonly categories = signal<CatalogCategory[]>([]);
  protected readonly editingId = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly problems = signal<PathProblems>(NO_PATH_PROBLEMS);
  protected newName = '';
  protected newDescription = '';
  protected editName = '';
  protected editDescription = '';

  constructor() {
    void this.load();
  }

  protected startEdit(c: CatalogCategory): void {
    this.editingId.set(c.id);
    this.editName = c.name;
    this.editDescription = c.description;
  }

  protected async create(): Promise<void> {
    const last = this.categories().at(-1);
    const position = last ? last.position + STEP : 0;
    const ok = await this.run(() =>
      firstValueFrom(this.api.createCategory({ name: this.newName.trim(), description: this.newDescription, position })),
    );
    if (ok) {
      this.newName = '';
      this.newDescription = '';
    }
  }

  protected async saveEdit(c: CatalogCategory): Promise<void> {
    const changes = { name: this.editName.trim(), description: this.editDescription };
    if (await this.run(() => firstValueFrom(this.api.updateCategory(c.id, changes)))) this.editingId.set(null);
  }

  /** Swaps a category with its neighbour and writes the positions that changed. */
  protected async move(index: number, by: -1 | 1): Promise<void> {
    const order = [...this.categories()];
    [order[index], order[index + by]] = [order[index + by]!, order[index]!];
    await this.run(async () => {
      for (const [i, c] of order.entries())
        if (c.position !== i * STEP) await firstValueFrom(this.api.updateCategory(c.id, { position: i * STEP }));
    });
  }

  /** Only an empty category goes; the API's refusal (CATEGORY_NOT_EMPTY) is shown under the shelf. */
  protected async remove(c: CatalogCategory): Promise<void> {
    const sure = await this.confirm.ask({
      title: 'Delete category',
      message: `Delete the category “${c.name}”? Only an empty category can be deleted: move or delete its items first.`,
      confirmText: 'Delete',
      destructive: true,
    });
    if (sure) await this.run(() => firstValueFrom(this.api.deleteCategory(c.id)));
  }

  private async run(work: () => Promise<unknown>): Promise<boolean> {
    this.busy.set(true);
    this.problems.set(NO_PATH_PROBLEMS);
    try {
      await work();
      await this.load();
      return true;
    } catch (e) {
      this.problems.set(pathProblems(toApiProblem(e), FIELDS));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    const list = await firstValueFrom(this.api.categories());
    this.categories.set(list);
    this.changed.emit(list);
  }
}
